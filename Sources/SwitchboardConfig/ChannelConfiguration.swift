/// One entry of `channels:`: a bot account on one platform, served by a provider plugin and wired to an agent.
public struct ChannelConfiguration: Sendable {
    /// The channel's unique id (`id`, `[A-Za-z0-9_-]{1,64}`).
    public var id: String
    /// The id of the provider plugin that serves the channel (`provider`).
    public var provider: String
    /// Whether the host starts the channel (`enabled`, default true).
    public var enabled: Bool
    /// The name of the agent that answers (`agent`, default the first agent).
    public var agent: String
    /// Who may use the channel (`access`).
    public var access: AccessSettings
    /// How the channel keeps conversations (`conversation`).
    public var conversation: ConversationSettings
    /// How the channel streams replies (`streaming`).
    public var streaming: StreamingPolicy
    /// How the channel's provider reaches the network (`network`).
    public var network: NetworkSettings
    /// Where the entry is written.
    public var location: SourceLocation
    /// Where the `provider` value is written, for "unknown provider" errors.
    public var providerLocation: SourceLocation
    /// The `settings` mapping as written, variables expanded; validated by `resolveSettings(of:schema:)`.
    let settings: ConfigNode
    /// The entry's key path, such as `channels[0]`.
    let path: ConfigKeyPath

    /// A channel in code. Each settings value is read as a plain YAML scalar would be,
    /// so `"8080"` fits an integer setting and `"true"` a boolean one.
    public init(id: String, provider: String, enabled: Bool = true, agent: String = AgentConfiguration.implicitEcho.name,
                access: AccessSettings = AccessSettings(), conversation: ConversationSettings = ConversationSettings(),
                streaming: StreamingPolicy = StreamingPolicy(), network: NetworkSettings = NetworkSettings(),
                settings: [String: String] = [:],
                location: SourceLocation = .inCode) {
        let entries = settings.sorted { $0.key < $1.key }.map { key, value in
            ConfigEntry(key: key, keyLocation: location,
                        value: ConfigNode(content: .scalar(ConfigScalar(text: value, isPlain: true)), location: location))
        }
        self.init(id: id, provider: provider, enabled: enabled, agent: agent, access: access, conversation: conversation,
                  streaming: streaming, network: network, location: location, providerLocation: location,
                  settings: ConfigNode(content: .mapping(entries), location: location),
                  path: ConfigKeyPath.root.appending("channels").appending(id))
    }

    init(id: String, provider: String, enabled: Bool, agent: String, access: AccessSettings,
         conversation: ConversationSettings, streaming: StreamingPolicy, network: NetworkSettings, location: SourceLocation,
         providerLocation: SourceLocation, settings: ConfigNode, path: ConfigKeyPath) {
        self.id = id
        self.provider = provider
        self.enabled = enabled
        self.agent = agent
        self.access = access
        self.conversation = conversation
        self.streaming = streaming
        self.network = network
        self.location = location
        self.providerLocation = providerLocation
        self.settings = settings
        self.path = path
    }

    /// The entry's key path, such as `channels[0]`, for errors the host reports about this channel.
    public var keyPath: String { path.description }

    /// The error for a `provider` that no loaded plugin supplies, suggesting the closest of `knownProviders`.
    public func unknownProviderError(knownProviders: [String]) -> ConfigError {
        let hint = Suggestion.didYouMean(provider, among: knownProviders)
        return ConfigError(location: providerLocation, keyPath: path.appending("provider").description,
                           message: "unknown provider '\(provider)'\(hint)")
    }
}
