import CSwitchboardABI
import Dispatch
import Synchronization

/// Reads and writes one channel's state in the host's store (`switchboard.state/1`).
struct ChannelStateAccess: Sendable {
    let get: @Sendable (_ key: String) throws -> String?
    let set: @Sendable (_ key: String, _ value: String?) throws -> Void
}

/// The timers of one instance (`switchboard.timer/1`): dispatch timers on the
/// instance's own queue, all cancelled when its run ends.
final class InstanceTimers: Sendable {
    private struct Timer: @unchecked Sendable {
        let source: any DispatchSourceTimer
    }

    private let queue: DispatchQueue
    private let timers = Mutex<(next: UInt64, live: [UInt64: Timer])>((1, [:]))

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    /// Schedules `fire`; returns the timer's id. [instance-executor]
    func schedule(delay: Duration, interval: Duration?, fire: @escaping @Sendable () -> Void) -> UInt64 {
        let source = DispatchSource.makeTimerSource(queue: queue)
        let id = timers.withLock { timers in
            defer { timers.next += 1 }
            timers.live[timers.next] = Timer(source: source)
            return timers.next
        }
        source.schedule(deadline: .now() + .nanoseconds(Int(delay.nanoseconds)),
                        repeating: interval.map { .nanoseconds(Int($0.nanoseconds)) } ?? .never)
        source.setEventHandler { [weak self] in
            // Runs on the executor, as cancel() does: a cancelled timer is no longer live here.
            guard let self, timers.withLock({ $0.live[id] != nil }) else { return }
            if interval == nil { timers.withLock { _ = $0.live.removeValue(forKey: id) } }
            fire()
        }
        source.resume()
        return id
    }

    /// Cancels a timer; it does not fire after this returns. [instance-executor]
    func cancel(_ id: UInt64) {
        timers.withLock { $0.live.removeValue(forKey: id) }?.source.cancel()
    }

    /// Cancels every timer.
    func cancelAll() {
        let all = timers.withLock { timers in
            defer { timers.live.removeAll() }
            return Array(timers.live.values)
        }
        for timer in all { timer.source.cancel() }
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
    let table = UnsafeMutablePointer<sb_timer_extension>.allocate(capacity: 1)
    var extensionTable = ABIStruct.sized(sb_timer_extension.self)
    extensionTable.schedule = { host, delayMilliseconds, intervalMilliseconds, fire, userData in
        guard let bridge = HostBridge.from(host), let fire else { return 0 }
        let call = TimerCall(fire: fire, userData: userData)
        return bridge.scheduleTimer(
            delay: .milliseconds(Int64(clamping: delayMilliseconds)),
            interval: intervalMilliseconds == 0 ? nil : .milliseconds(Int64(clamping: intervalMilliseconds))
        ) { call.fire(call.userData) }
    }
    extensionTable.cancel = { host, timerID in
        HostBridge.from(host)?.timers.cancel(timerID)
    }
    table.initialize(to: extensionTable)
    return table
}()

/// The `switchboard.state/1` table; lives until exit.
nonisolated(unsafe) let hostStateExtension: UnsafeMutablePointer<sb_state_extension> = {
    let table = UnsafeMutablePointer<sb_state_extension>.allocate(capacity: 1)
    var extensionTable = ABIStruct.sized(sb_state_extension.self)
    extensionTable.get = { host, key, buffer, capacity, length in
        guard let bridge = HostBridge.from(host), let state = bridge.state, let key else { return SB_ERR_INVALID_ARGUMENT }
        do {
            guard let value = try state.get(String(cString: key)) else { return SB_ERR_NOT_FOUND }
            let bytes = Array(value.utf8)
            length?.pointee = bytes.count
            guard let buffer, capacity > bytes.count else { return SB_ERR_TOO_LARGE }
            bytes.withUnsafeBufferPointer { buffer.update(from: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), count: bytes.count) }
            buffer[bytes.count] = 0
            return SB_OK
        } catch {
            bridge.logger.error("reading channel state failed: \(error)")
            return SB_ERR_INTERNAL
        }
    }
    extensionTable.set = { host, key, value in
        guard let bridge = HostBridge.from(host), let state = bridge.state, let key else { return SB_ERR_INVALID_ARGUMENT }
        let text = value.map { String(cString: $0) }
        if let text, text.utf8.count > Int(SB_STATE_VALUE_LIMIT) { return SB_ERR_TOO_LARGE }
        do {
            try state.set(String(cString: key), text)
            return SB_OK
        } catch {
            bridge.logger.error("writing channel state failed: \(error)")
            return SB_ERR_INTERNAL
        }
    }
    table.initialize(to: extensionTable)
    return table
}()
