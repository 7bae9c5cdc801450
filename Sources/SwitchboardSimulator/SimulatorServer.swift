public import Logging
public import ServiceLifecycle
import Synchronization

/// A platform simulator on an HTTP and WebSocket server, by default on 127.0.0.1 and a
/// free port.
///
/// In tests, `start()` and `stop()`:
/// ```swift
/// let server = SimulatorServer(platform: EchoSimulator())
/// try await server.start()
/// // talk to server.baseURL; script server.faults; read server.requests
/// await server.stop()
/// ```
/// In a program, run it as a `Service` in a `ServiceGroup` whose
/// `maximumGracefulShutdownDuration` is `shutdownGracePeriod`.
public final class SimulatorServer: Service, Sendable {
    /// The platform served.
    public let platform: any PlatformSimulator
    public let configuration: SimulatorConfiguration
    /// Every request received, control API requests excluded.
    public let requests = RequestLog()
    /// The faults to inject ahead of the platform's routes.
    public let faults = FaultPlan()
    /// Every WebSocket connection accepted.
    public let webSockets = WebSocketSessions()

    let logger: Logger
    private let onListening: @Sendable (SimulatorServer) async -> Void
    private let state = Mutex(State())

    private struct State {
        var boundPort: Int?
        /// Told when the server listens, by `start()`.
        var listeningSignal: AsyncStream<Void>.Continuation?
        /// The group `start()` runs the server in.
        var background: (group: ServiceGroup, task: Task<Void, any Error>)?
    }

    /// How long a graceful shutdown should wait for requests still open before
    /// cancelling them: `ServiceGroup`'s `maximumGracefulShutdownDuration`. Long polls,
    /// stalled requests and WebSockets end at once; only slow answers take longer.
    public static let shutdownGracePeriod: Duration = .seconds(2)

    /// - Parameters:
    ///   - onListening: Called each time the server starts listening, with `port` and
    ///     `baseURL` set.
    public init(
        platform: any PlatformSimulator,
        configuration: SimulatorConfiguration = .init(),
        logger: Logger = Logger(label: "switchboard.simulator"),
        onListening: @escaping @Sendable (SimulatorServer) async -> Void = { _ in }
    ) {
        self.platform = platform
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
    }

    /// The port listened on while running; the configured port otherwise.
    public var port: Int {
        state.withLock { $0.boundPort } ?? configuration.port
    }

    /// "http://host:port", without a trailing slash.
    public var baseURL: String { "http://\(hostInURL):\(port)" }

    /// "ws://host:port", without a trailing slash.
    public var webSocketBaseURL: String { "ws://\(hostInURL):\(port)" }

    private var hostInURL: String {
        configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
    }

    /// Starts serving in the background; returns once the server is listening. Throws
    /// what kept it from listening (the port taken, say).
    public func start() async throws {
        var configuration = ServiceGroupConfiguration(services: [.init(service: self)], logger: logger)
        configuration.maximumGracefulShutdownDuration = Self.shutdownGracePeriod
        let group = ServiceGroup(configuration: configuration)
        let (listening, listeningSignal) = AsyncStream.makeStream(of: Void.self)
        let running = try state.withLock { state throws(SimulatorError) in
            guard state.background == nil else { throw .alreadyStarted }
            let running = Task {
                defer { listeningSignal.finish() }
                try await group.run()
            }
            state.listeningSignal = listeningSignal
            state.background = (group, running)
            return running
        }
        await withTaskCancellationHandler {
            for await _ in listening {}
        } onCancel: {
            running.cancel()
        }
        guard state.withLock({ $0.boundPort }) != nil else {
            state.withLock { $0.background = nil }
            try await running.value
            throw SimulatorError.stoppedBeforeListening
        }
    }

    /// Stops what `start()` started, with a graceful shutdown; returns once stopped.
    public func stop() async {
        guard let background = state.withLock({ state in defer { state.background = nil }; return state.background }) else {
            return
        }
        await background.group.triggerGracefulShutdown()
        _ = try? await background.task.value
    }

    /// Serves until a graceful shutdown or cancellation.
    public func run() async throws {
        let application = makeApplication { port in
            let listeningSignal = self.state.withLock { state in
                state.boundPort = port
                defer { state.listeningSignal = nil }
                return state.listeningSignal
            }
            await self.onListening(self)
            listeningSignal?.finish()
        }
        defer { state.withLock { $0.boundPort = nil } }
        try await application.run()
    }

    /// Forgets the request log, the faults, every WebSocket (dropped) and the
    /// platform's scripted state.
    public func reset() async {
        await requests.removeAll()
        faults.clear()
        await webSockets.reset()
        await platform.reset()
    }
}
