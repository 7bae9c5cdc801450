public import ServiceLifecycle

/// Runs a `Switchboard` in a `ServiceGroup`: starts it, serves until graceful
/// shutdown (SIGTERM, SIGINT), then stops every channel cleanly.
public struct SwitchboardService: Service {
    public let host: Switchboard
    private let onStarted: @Sendable () async -> Void

    /// - Parameter onStarted: called once every channel has been started.
    public init(host: Switchboard, onStarted: @escaping @Sendable () async -> Void = {}) {
        self.host = host
        self.onStarted = onStarted
    }

    public func run() async throws {
        try await host.start()
        await onStarted()
        try? await gracefulShutdown()
        await host.shutdown()
    }
}
