import SwitchboardConfig

/// Delays between reconnect attempts: exponential, capped, with jitter so that many
/// channels that lost one network do not all come back at the same instant.
struct Backoff: Sendable {
    let initialDelay: Duration
    let maximumDelay: Duration

    init(_ settings: ReconnectSettings) {
        initialDelay = settings.initialDelay
        maximumDelay = settings.maximumDelay
    }

    /// The delay before attempt number `attempt` (1 for the first retry).
    /// - Parameter jitter: a random fraction in 0..<1; the delay is scaled to 50–100 %.
    func delay(attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(initialDelay * (1 << exponent), maximumDelay)
        return ceiling * (0.5 + 0.5 * jitter)
    }
}
