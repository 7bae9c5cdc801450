/// Spaces a channel's platform calls to at most a number per second: each caller waits
/// for its slot, in arrival order.
actor SendBudget {
    private let spacing: Duration
    private var nextSlot = ContinuousClock.now

    init(perSecond: Int) {
        spacing = .seconds(1) / max(perSecond, 1)
    }

    /// Waits until the next call may go out.
    func acquire() async {
        let now = ContinuousClock.now
        let slot = max(nextSlot, now)
        nextSlot = slot + spacing
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
