import Dispatch
import Logging
import Synchronization
import SwitchboardIngress

/// The host's webhook ingress: the server, started when the first channel listens, and
/// the channels listening on it.
final class IngressHub: Sendable {
    private let server: IngressServer
    private let settings: IngressSettings
    /// The configured public base URL, e.g. `https://bot.example.com`.
    private let publicBaseURL: String?
    private let directory = IngressDirectory()
    /// Request ids, unique across listeners, so an answer never reaches the wrong request.
    private let requestIDs = Atomic<UInt64>(0)

    init(settings: IngressSettings, publicBaseURL: String?, logger: Logger) {
        self.settings = settings
        self.publicBaseURL = publicBaseURL
        server = IngressServer(settings: settings, logger: logger) { [directory] in directory.target(of: $0) }
    }

    /// Makes the channel known: its requests get 503 until it listens.
    func register(channelID: String) {
        directory.register(channelID)
    }

    /// A request id never used before.
    func nextRequestID() -> UInt64 {
        requestIDs.add(1, ordering: .relaxed).newValue
    }

    /// Routes the channel's requests to `listener`, starting the server first if need be;
    /// requests still waiting on a listener it replaces are answered 503. Blocks the
    /// calling thread (an instance's executor, never the cooperative pool) until the
    /// server listens or fails to.
    func listen(channelID: String, listener: IngressListener) throws(IngressStartError) {
        if server.port == nil { try startServer() }
        directory.setListener(listener, for: channelID)?.close()
    }

    private func startServer() throws(IngressStartError) {
        let outcome = Mutex<Result<Int, IngressStartError>?>(nil)
        let bound = DispatchSemaphore(value: 0)
        Task { [server] in
            do throws(IngressStartError) {
                let port = try await server.start()
                outcome.withLock { $0 = .success(port) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            bound.signal()
        }
        bound.wait()
        if case let .failure(error) = outcome.withLock({ $0 }) { throw error }
    }

    /// The channel's listener, while it listens.
    func listener(channelID: String) -> IngressListener? {
        directory.listener(of: channelID)
    }

    /// Stops routing the channel's requests; those waiting for an answer get 503.
    func stopListening(channelID: String) {
        directory.setListener(nil, for: channelID)?.close()
    }

    /// The URL under which the platform reaches the channel's root.
    func publicURL(channelID: String) -> String {
        let base = publicBaseURL ?? {
            let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
            return "http://\(host):\(server.port ?? settings.port)"
        }()
        return "\(base)/hooks/\(channelID)"
    }

    /// Stops the server; for the host's shutdown.
    func shutdown() async {
        await server.stop()
    }
}

/// The channels the host has and which of them listen.
private final class IngressDirectory: Sendable {
    private struct Entries {
        /// Every channel: the others get 404 instead of 503.
        var known: Set<String> = []
        var listeners: [String: IngressListener] = [:]
    }

    private let entries = Mutex(Entries())

    func register(_ channelID: String) {
        _ = entries.withLock { $0.known.insert(channelID) }
    }

    /// Sets or removes the channel's listener; returns the one it replaces.
    func setListener(_ listener: IngressListener?, for channelID: String) -> IngressListener? {
        entries.withLock { entries in
            let previous = entries.listeners[channelID]
            entries.listeners[channelID] = listener
            return previous
        }
    }

    func listener(of channelID: String) -> IngressListener? {
        entries.withLock { $0.listeners[channelID] }
    }

    func target(of channelID: String) -> IngressTarget {
        entries.withLock { entries in
            if let listener = entries.listeners[channelID] { return .handler { await listener.handle($0) } }
            return entries.known.contains(channelID) ? .notListening : .unknown
        }
    }
}
