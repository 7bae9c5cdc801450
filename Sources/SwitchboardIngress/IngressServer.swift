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
    private enum Phase {
        case stopped
        case running(group: ServiceGroup, port: Int)
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
            if case let .running(_, port) = phase { return port }
            return nil
        }
    }

    /// Binds and starts serving; returns the bound port. Safe to call again: a running
    /// server returns its port. Throws when the address cannot be bound.
    public func start() async throws(IngressStartError) -> Int {
        if let port { return port }
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let responder = IngressResponder(settings: settings, logger: logger, target: target)
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await responder.respond(to: request) },
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(settings.idleTimeout.nanoseconds))),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "switchboard"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? 0)
                boundContinuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: logger)
        let run = Task {
            defer { boundContinuation.finish() }
            try await group.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next() else {
            let address = "\(settings.host):\(settings.port)"
            do {
                try await run.value
            } catch {
                throw IngressStartError(address: address, reason: "\(error)")
            }
            throw IngressStartError(address: address, reason: "the server stopped before listening")
        }
        let raced = phase.withLock { phase -> Int? in
            if case let .running(_, existing) = phase { return existing }
            phase = .running(group: group, port: port)
            return nil
        }
        if let raced {
            await group.triggerGracefulShutdown()
            return raced
        }
        logger.info("webhook ingress listening on \(settings.host):\(port)")
        return port
    }

    /// Stops serving; requests in flight are finished first.
    public func stop() async {
        let group = phase.withLock { phase -> ServiceGroup? in
            defer { phase = .stopped }
            if case let .running(group, _) = phase { return group }
            return nil
        }
        await group?.triggerGracefulShutdown()
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

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
