import CSwitchboardABI

extension ProviderHost {
    /// Calls `fire` on the instance's executor after `delay`, then every `interval` unless
    /// it is nil, until cancelled or the instance stops. Returns the timer's id.
    /// [instance-executor]
    public func scheduleTimer(after delay: Duration, every interval: Duration? = nil,
                              _ fire: @escaping () -> Void) throws(HostServiceError) -> UInt64 {
        guard let schedule = services.timer?.schedule else { throw .unavailable(SB_TIMER_EXTENSION_ID) }
        let box = TimerBox(fire: fire, repeats: interval != nil, callbacks: callbacks)
        let id = schedule(hostTable, delay.wholeMilliseconds, interval?.wholeMilliseconds ?? 0, { userData in
            guard let box = callbackBox(userData, as: TimerBox.self) else { return }
            if !box.repeats { box.release() }
            box.fire()
        }, userData(of: box))
        guard id != 0 else { throw HostServiceError(code: SB_ERR_NOT_CONNECTED, message: "the instance is not started") }
        box.keep(as: id)
        return id
    }

    /// Cancels a timer: it does not fire once this returns. [instance-executor]
    public func cancelTimer(_ id: UInt64) {
        services.timer?.cancel?(hostTable, id)
        callbacks.drop(id)
    }
}

private final class TimerBox: ServiceCallbackBox {
    let fire: () -> Void
    let repeats: Bool

    init(fire: @escaping () -> Void, repeats: Bool, callbacks: ServiceCallbacks) {
        self.fire = fire
        self.repeats = repeats
        super.init(callbacks: callbacks)
    }
}

extension Duration {
    /// Whole milliseconds, at least 0.
    var wholeMilliseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }
}
