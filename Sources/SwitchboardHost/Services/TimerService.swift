import CSwitchboardABI
import Dispatch

/// One timer of `switchboard.timer/1`: a dispatch timer on the instance's queue.
final class RunTimer: RunResource, @unchecked Sendable {
    // Set once in init, then only cancelled.
    private let source: any DispatchSourceTimer

    init(id: UInt64, queue: DispatchQueue, delay: Duration, interval: Duration?, resources: RunResources,
         fire: @escaping @Sendable () -> Void) {
        source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now() + .nanoseconds(Int(delay.nanoseconds)),
                        repeating: interval.map { .nanoseconds(Int($0.nanoseconds)) } ?? .never)
        source.setEventHandler { [weak resources] in
            // Runs on the executor, as cancel() does: a cancelled timer is no longer live.
            guard let resources else { return }
            if interval == nil {
                guard let timer = resources.remove(id, as: RunTimer.self) else { return }
                timer.cancel()  // a fired one-shot source is not released until cancelled
            } else {
                guard resources.contains(id) else { return }
            }
            fire()
        }
        source.resume()
    }

    func cancel() {
        source.cancel()
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// A plugin's timer callback and its user data.
private struct TimerCall: @unchecked Sendable {
    let fire: sb_timer_callback
    let userData: UnsafeMutableRawPointer?
}

/// The `switchboard.timer/1` table; lives until exit.
nonisolated(unsafe) let hostTimerExtension: UnsafeMutablePointer<sb_timer_extension> = {
    var table = ABIStruct.sized(sb_timer_extension.self)
    table.schedule = { host, delayMilliseconds, intervalMilliseconds, fire, userData in
        guard let bridge = HostBridge.from(host), let fire, bridge.isStarted else { return 0 }
        let call = TimerCall(fire: fire, userData: userData)
        // Ten years stand for "practically never", and keep the arithmetic in range.
        let longest: UInt64 = 10 * 365 * 24 * 3600 * 1000
        let interval: Duration? = intervalMilliseconds == 0 ? nil : .milliseconds(Int64(min(intervalMilliseconds, longest)))
        return bridge.resources.add { id in
            RunTimer(id: id, queue: bridge.executor.queue, delay: .milliseconds(Int64(min(delayMilliseconds, longest))),
                     interval: interval, resources: bridge.resources) { call.fire(call.userData) }
        }.id
    }
    table.cancel = { host, timerID in
        HostBridge.from(host)?.resources.remove(timerID, as: RunTimer.self)?.cancel()
    }
    return .permanent(table)
}()
