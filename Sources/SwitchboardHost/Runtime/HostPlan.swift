import CSwitchboardABI
public import SwitchboardConfig
import SwitchboardCore
import SwitchboardAgents
import SwitchboardHTTP

/// What a host will run, worked out from a configuration and the plugins it found:
/// for each channel its plugin, validated settings and agent, or what is wrong.
///
/// `switchboard check-config` prints this; `switchboard run` starts what it allows.
public struct HostPlan: Sendable {
    /// One configured channel and the outcome of resolving it.
    public struct PlannedChannel: Sendable {
        public let configuration: ChannelConfiguration
        /// The validated settings; nil when the channel has errors.
        public let settings: ResolvedSettings?
        /// Everything wrong with this channel; empty when it can run.
        public let errors: [ConfigError]
        let plugin: LoadedPlugin?
        /// What the pipeline needs of the channel; nil when it has errors.
        let profile: ChannelProfile?
    }

    public let channels: [PlannedChannel]
    /// The configured user mapper; nil for the default mapping.
    let userMapper: (any UserMapper)?

    /// Every problem found, in file order.
    public var errors: [ConfigError] { hostErrors + channels.flatMap(\.errors) }

    /// Problems outside the channels (the user mapper), in file order.
    public let hostErrors: [ConfigError]

    public init(configuration: SwitchboardConfiguration, catalog: PluginCatalog) {
        var agents: [String: Result<any Agent, ConfigError>] = [:]
        for (index, agent) in configuration.agents.enumerated() {
            agents[agent.name] = AgentCatalog.make(agent, keyPath: "agents[\(index)]")
        }
        channels = configuration.channels.map { channel in
            var errors: [ConfigError] = []
            var plugin = catalog.plugin(id: channel.provider)
            var settings: ResolvedSettings?
            if let provider = plugin, provider.info.platform == nil {
                errors.append(ConfigError(
                    location: channel.providerLocation, keyPath: channel.keyPath + ".provider",
                    message: "plugin '\(provider.info.id)' offers no chat platform (it only has extensions)"
                ))
                plugin = nil
            } else if let plugin {
                switch configuration.resolveSettings(of: channel, schema: plugin.settingsSchema) {
                case let .success(resolved): settings = resolved
                case let .failure(problems): errors += problems.errors
                }
            } else {
                errors.append(channel.unknownProviderError(knownProviders: catalog.pluginIDs))
            }
            let allowedModes = channel.streaming.modes.map { StreamingModes($0.map(StreamingModes.init)) }
            if let plugin, let modes = channel.streaming.modes {
                let declared = plugin.info.capabilities.streamingModes
                let undeclared = modes.filter { !declared.contains(StreamingModes($0)) }
                if !undeclared.isEmpty {
                    let offered = StreamingPolicy.Mode.allCases.filter { declared.contains(StreamingModes($0)) }
                    errors.append(ConfigError(
                        location: channel.streaming.modesLocation, keyPath: channel.keyPath + ".streaming.modes",
                        message: "provider '\(plugin.info.id)' does not declare \(undeclared.map(\.rawValue).joined(separator: ", ")) "
                            + "(it declares: \(offered.isEmpty ? "no streaming" : offered.map(\.rawValue).joined(separator: ", ")))"
                    ))
                }
            }
            var agent: (any Agent)?
            switch agents[channel.agent] {
            case let .success(made)?: agent = made
            case let .failure(problem)?: errors.append(problem)
            case nil: agent = EchoAgent()  // the implicit default agent
            }
            let profile = errors.isEmpty ? zip(plugin, agent).map { plugin, agent in
                ChannelProfile(
                    channelID: channel.id, platform: plugin.info.platform ?? plugin.info.id, agentName: channel.agent, agent: agent,
                    access: channel.access, conversation: channel.conversation,
                    streaming: StreamingSettings(channel.streaming),
                    streamingModes: allowedModes,
                    fallbackStrategy: channel.streaming.fallback == .block ? .block : .sync
                )
            } : nil
            return PlannedChannel(
                configuration: channel, settings: errors.isEmpty ? settings : nil, errors: errors,
                plugin: plugin, profile: profile
            )
        }
        switch UserMapperFactory.make(configuration.users, catalog: catalog) {
        case let .success(mapper):
            userMapper = mapper
            hostErrors = []
        case let .failure(error):
            userMapper = nil
            hostErrors = [error]
        }
    }
}

extension StreamingModes {
    /// The mode a configuration names.
    init(_ mode: StreamingPolicy.Mode) {
        switch mode {
        case .native: self = .native
        case .draft: self = .draft
        case .append: self = .append
        case .edit: self = .edit
        }
    }
}

extension StreamingSettings {
    /// The emitter's settings for a channel's `streaming:` section.
    init(_ policy: StreamingPolicy) {
        self.init()
        updateInterval = policy.updateInterval
        minimumNewCharacters = policy.minimumNewCharacters
    }
}

/// Builds the configured user mapper.
enum UserMapperFactory {
    static func make(_ settings: UserMappingSettings, catalog: PluginCatalog) -> Result<(any UserMapper)?, ConfigError> {
        switch settings.mapper {
        case .default:
            return .success(nil)
        case let .http(url, timeout):
            return .success(HTTPUserMapper(url: url, timeout: timeout, client: HTTPClient()))
        case let .plugin(id):
            guard let plugin = catalog.plugin(id: id) else {
                return .failure(ConfigError(location: settings.location, keyPath: "users.plugin",
                                            message: "no loaded plugin '\(id)' (loaded: \(catalog.pluginIDs.joined(separator: ", ")))"))
            }
            guard let mapper = PluginUserMapper(plugin: plugin) else {
                return .failure(ConfigError(location: settings.location, keyPath: "users.plugin",
                                            message: "plugin '\(id)' does not offer \(SB_USER_MAPPER_EXTENSION_ID)"))
            }
            return .success(mapper)
        }
    }
}

/// Both values, or nil unless both are there.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

