public import Logging
public import SwitchboardConfig
import SwitchboardCore

/// A running Switchboard host: the channels of a plan, wired to the message router.
public actor Switchboard {
    public nonisolated let plan: HostPlan
    public nonisolated let channels: ChannelManager
    private let router: MessageRouter
    private let logger: Logger
    private var routerTask: Task<Void, Never>?

    public init(configuration: SwitchboardConfiguration, catalog: PluginCatalog, logger: Logger) {
        plan = HostPlan(configuration: configuration, catalog: catalog)
        channels = ChannelManager(reconnect: configuration.host.reconnect, logger: logger)
        var agents: [String: any Agent] = [:]
        for channel in plan.channels {
            if let agent = channel.agent { agents[channel.configuration.id] = agent }
        }
        router = MessageRouter(agents: agents, logger: logger)
        self.logger = logger
    }

    /// Sets up every channel of the plan and starts the enabled ones. A channel with
    /// configuration errors is reported as failed; the others run regardless.
    public func start() async {
        guard routerTask == nil else { return }
        let router = router
        let transport = channels
        routerTask = Task { await router.run(transport: transport) }
        for planned in plan.channels {
            let channel = planned.configuration
            guard let plugin = planned.plugin, let settings = planned.settings, planned.errors.isEmpty else {
                let reason = planned.errors.map(\.description).joined(separator: "; ")
                logger.error("channel not started: \(reason)", metadata: ["channel": "\(channel.id)"])
                await channels.addUnavailable(id: channel.id, provider: channel.provider, error: reason)
                continue
            }
            await channels.add(
                id: channel.id, plugin: plugin, settingsJSON: settings.json, enabled: channel.enabled,
                deliver: { message, stored in
                    // Durable storage before acknowledgement arrives with the inbox; until then
                    // a message counts as stored once the router has queued it.
                    stored(router.accept(message) ? .ok : .shuttingDown, nil)
                }
            )
        }
        await channels.startAll()
    }

    /// Stops taking messages, answers the ones already taken while the channels can
    /// still send, then stops every channel.
    public func shutdown() async {
        router.finish()
        await routerTask?.value
        routerTask = nil
        await channels.shutdown()
    }
}
