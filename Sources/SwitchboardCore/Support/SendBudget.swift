/// Spaces a channel's platform calls to at most a number per second: each caller waits
/// for its slot, in arrival order.
public actor SendBudget<C: Clock> where C.Duration == Duration {
    private let spacing: Duration
    private let clock: C
    private var nextSlot: C.Instant

    public init(perSecond: Int, clock: C) {
        spacing = .seconds(1) / max(perSecond, 1)
        self.clock = clock
        nextSlot = clock.now
    }

    /// Waits until the next call may go out.
    public func acquire() async {
        let now = clock.now
        let slot = max(nextSlot, now)
        nextSlot = slot.advanced(by: spacing)
        if slot > now { try? await clock.sleep(until: slot, tolerance: nil) }
    }
}
