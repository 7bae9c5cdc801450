public import Logging
import Hummingbird
import HummingbirdCore
import NIOCore
import ServiceLifecycle
import Synchronization

/// The host's one HTTP server for webhooks: every request under `/hooks/<channel-id>/`
/// goes to that channel's handler, which answers it. Started on first use, stopped with
/// the host.
public final class IngressServer: Sendable {
    private typealias Binding = Task<Result<Int, IngressStartError>, Never>

    private enum Phase {
        case stopped
        /// Binding; every caller of `start()` awaits the same attempt.
        case starting(Binding)
        case running(group: ServiceGroup, port: Int, run: Task<Void, any Error>)
        /// Stopped for good: the host is shutting down.
        case shutDown
    }

    private let settings: IngressSettings
    private let logger: Logger
    private let target: @Sendable (_ channelID: String) -> IngressTarget
    private let phase = Mutex(Phase.stopped)

    /// - Parameter target: Where a channel's requests go; asked for every request.
    public init(settings: IngressSettings, logger: Logger, target: @escaping @Sendable (_ channelID: String) -> IngressTarget) {
        self.settings = settings
        self.logger = logger
        self.target = target
    }

    /// The bound port while running.
    public var port: Int? {
        phase.withLock { phase in
            if case let .running(_, port, _) = phase { return port }
            return nil
        }
    }

    private var address: String { "\(settings.host):\(settings.port)" }

    /// Binds and starts serving; returns the bound port. Concurrent callers share one
    /// attempt; after a failure the next call tries again. Throws when the address
    /// cannot be bound or the server was stopped.
    public func start() async throws(IngressStartError) -> Int {
        let binding: Binding? = phase.withLock { phase in
            switch phase {
            case .running, .shutDown: return nil
            case let .starting(binding): return binding
            case .stopped:
                let binding = Binding { await self.bind() }
                phase = .starting(binding)
                return binding
            }
        }
        if let binding { return try await binding.value.get() }
        if let port { return port }
        throw IngressStartError(address: address, reason: "the host is shutting down")
    }

    /// Stops serving, for good; requests in flight are finished first. Returns once the
    /// address is free again.
    public func stop() async {
        let previous = phase.withLock { phase in
            defer { phase = .shutDown }
            return phase
        }
        switch previous {
        case let .running(group, _, run):
            await group.triggerGracefulShutdown()
            _ = await run.result
        case let .starting(binding): _ = await binding.value  // bind() sees .shutDown and stops what it started
        case .stopped, .shutDown: break
        }
    }

    private func bind() async -> Result<Int, IngressStartError> {
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let responder = IngressResponder(settings: settings, logger: logger, target: target)
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await responder.respond(to: request) },
            server: .http1(configuration: .init(idleTimeout: TimeAmount(settings.idleTimeout))),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "switchboard"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? 0)
                boundContinuation.finish()
            },
            logger: logger
        )
        var configuration = ServiceGroupConfiguration(services: [application], gracefulShutdownSignals: [], logger: logger)
        // A client that stopped reading an open response must not hold the host's shutdown.
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        let run = Task {
            defer { boundContinuation.finish() }
            try await group.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next() else {
            phase.withLock { if case .starting = $0 { $0 = .stopped } }
            let reason = await run.result.failure.map { "\($0)" } ?? "the server stopped before listening"
            return .failure(IngressStartError(address: address, reason: reason))
        }
        let isRunning = phase.withLock { phase in
            guard case .starting = phase else { return false }
            phase = .running(group: group, port: port, run: run)
            return true
        }
        guard isRunning else {
            await group.triggerGracefulShutdown()
            _ = await run.result
            return .failure(IngressStartError(address: address, reason: "the host is shutting down"))
        }
        logger.info("webhook ingress listening on \(settings.host):\(port)")
        return .success(port)
    }
}

private extension Result {
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}

/// Why the ingress server could not start.
public struct IngressStartError: Error, CustomStringConvertible {
    public let address: String
    public let reason: String

    public init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }

    public var description: String { "webhook ingress cannot listen on \(address): \(reason)" }
}
