public import Foundation
public import Logging
public import SwitchboardConfig
public import SwitchboardCore
public import SwitchboardStore
import SwitchboardIngress

/// A running Switchboard host: the store, the message pipeline, and the channels of a
/// plan wired to it.
public actor Switchboard {
    public nonisolated let plan: HostPlan
    public nonisolated let channels: ChannelManager
    /// The store in the configured data folder.
    public nonisolated let store: Store
    private let pipeline: MessagePipeline
    /// The webhook ingress server and the channels listening on it.
    private let ingress: IngressHub
    private let logger: Logger
    private let shutdownDeadline: Duration
    private var started = false

    /// Opens the store and prepares the pipeline; nothing runs until `start()`.
    /// - Parameter shutdownDeadline: how long `shutdown()` lets queued messages finish.
    public init(
        configuration: SwitchboardConfiguration, catalog: PluginCatalog, logger: Logger,
        shutdownDeadline: Duration = .seconds(10), clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) {
        plan = HostPlan(configuration: configuration, catalog: catalog)
        channels = ChannelManager(reconnect: configuration.host.reconnect, logger: logger)
        store = try Store(directory: configuration.host.dataDirectory, clock: clock)
        pipeline = MessagePipeline(
            store: store, profiles: plan.channels.compactMap(\.profile),
            configuredChannels: Set(configuration.channels.map(\.id)),
            users: UserDirectory(store: store, mapper: plan.userMapper), transport: channels,
            logger: logger, reportAgentFailure: { [channels] channelID, detail in
                await channels.recordProblem(detail, on: channelID)
            }
        )
        let host = configuration.host
        ingress = IngressHub(
            settings: IngressSettings(host: host.ingressAddress.host, port: host.ingressAddress.port,
                                      maxBodySize: host.ingressMaxBodyBytes),
            publicBaseURL: host.ingressPublicURL, logger: logger
        )
        self.logger = logger
        self.shutdownDeadline = shutdownDeadline
    }

    /// Sets up every channel of the plan, resumes messages left unfinished by the last
    /// run, and starts the enabled channels. A channel with configuration errors is
    /// reported as failed; the others run regardless. Errors outside the channels (a
    /// user mapper that cannot be had) stop the start: users would be mapped wrongly.
    public func start() async throws {
        guard !started else { return }
        guard plan.hostErrors.isEmpty else { throw ConfigErrors(errors: plan.hostErrors) }
        started = true
        let pipeline = pipeline
        for planned in plan.channels {
            let channel = planned.configuration
            ingress.register(channelID: channel.id)
            guard let plugin = planned.plugin, let settings = planned.settings, planned.errors.isEmpty else {
                let reason = planned.errors.map(\.description).joined(separator: "; ")
                logger.error("channel not started: \(reason)", metadata: ["channel": "\(channel.id)"])
                await channels.addUnavailable(id: channel.id, provider: channel.provider, error: reason)
                continue
            }
            await channels.add(
                id: channel.id, plugin: plugin, settingsJSON: settings.json, enabled: channel.enabled,
                sendsPerSecond: channel.streaming.sendsPerSecond,
                services: ChannelServices(
                    state: ChannelStateAccess(
                        get: { [store, id = channel.id] key in try store.channelState(key, of: id) },
                        set: { [store, id = channel.id] key, value in try store.setChannelState(value, for: key, of: id) }
                    ),
                    network: ChannelNetwork(proxy: channel.network.proxy, caBundle: channel.network.caBundle),
                    ingress: ingress
                ),
                deliver: { message, stored in
                    pipeline.deliver(message) { outcome in
                        switch outcome {
                        case .stored: stored(.ok, nil)
                        case .duplicate: stored(.duplicate, nil)
                        case let .notStored(reason): stored(.transient, reason)
                        case .shuttingDown: stored(.shuttingDown, "the host is stopping")
                        }
                    }
                }
            )
        }
        try await pipeline.start()
        await channels.startAll()
    }

    /// The URL under which channel `channelID` is reached on the webhook ingress (its
    /// real port once the server listens): what a provider's `public_url()` gives.
    public nonisolated func ingressURL(ofChannel channelID: String) -> String {
        ingress.publicURL(channelID: channelID)
    }

    /// Every message handled from now on, with its outcome.
    public nonisolated func handledMessages() -> AsyncStream<MessagePipeline.HandledMessage> {
        pipeline.handledMessages()
    }

    /// Stops taking messages and gives those already taken until the deadline to be
    /// answered while the channels can still send; then stops every channel. Whatever
    /// is left is stored and resumes on the next start.
    public func shutdown() async {
        let pipeline = pipeline, deadline = shutdownDeadline
        let (finished, signal) = AsyncStream.makeStream(of: Void.self)
        Task { await pipeline.finish(); signal.yield() }
        let timer = Task { try await Task.sleep(for: deadline); signal.yield() }
        var first = finished.makeAsyncIterator()
        _ = await first.next()
        timer.cancel()
        pipeline.abandon()  // turns still running past the deadline are cancelled, not orphaned
        await channels.shutdown()
        await ingress.shutdown()
    }
}
