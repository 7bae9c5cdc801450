import CSwitchboardABI
import Dispatch

/// One timer of `switchboard.timer/1`: a dispatch timer on the instance's queue.
final class RunTimer: RunResource, @unchecked Sendable {
    // Set once in init, then only cancelled.
    private let source: any DispatchSourceTimer

    /// - Parameters:
    ///   - delayMilliseconds: Until the first firing.
    ///   - intervalMilliseconds: Between later firings; nil for a one-shot timer.
    init(id: UInt64, queue: DispatchQueue, delayMilliseconds: Int, intervalMilliseconds: Int?, resources: RunResources,
         fire: @escaping @Sendable () -> Void) {
        let interval = intervalMilliseconds
        source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now() + .milliseconds(delayMilliseconds),
                        repeating: interval.map { .milliseconds($0) } ?? .never)
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
        let interval = intervalMilliseconds == 0 ? nil : Int(min(intervalMilliseconds, longest))
        return bridge.resources.add { id in
            RunTimer(id: id, queue: bridge.executor.queue, delayMilliseconds: Int(min(delayMilliseconds, longest)),
                     intervalMilliseconds: interval, resources: bridge.resources) { call.fire(call.userData) }
        }.id
    }
    table.cancel = { host, timerID in
        HostBridge.from(host)?.resources.remove(timerID, as: RunTimer.self)?.cancel()
    }
    return .permanent(table)
}()
