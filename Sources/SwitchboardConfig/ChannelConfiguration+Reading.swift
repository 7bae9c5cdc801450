extension ChannelConfiguration {
    /// The keys of one `channels:` entry.
    static let keys = ["id", "provider", "enabled", "agent", "access", "conversation", "streaming", "network", "settings"]

    /// The channels listed under `channels:` at `path`, each wired to one of `agents`.
    static func list(reading nodes: [ConfigNode]?, at path: ConfigKeyPath, agents: [AgentConfiguration],
                     errors: ErrorCollector) -> [ChannelConfiguration] {
        var ids = IdentifierRegistry(kind: "channel id", errors: errors)
        return (nodes ?? []).enumerated().compactMap { index, node in
            let reader = MappingReader(node, at: path.appending(index: index), allowedKeys: keys, errors: errors)
            return ChannelConfiguration(reading: reader, ids: &ids, agents: agents, errors: errors)
        }
    }

    /// One entry; nil when a required key is missing or wrong (already reported).
    init?(reading reader: MappingReader, ids: inout IdentifierRegistry, agents: [AgentConfiguration],
          errors: ErrorCollector) {
        let id = ids.register("id", of: reader)
        let provider = reader.requiredString("provider")
        let enabled = reader.bool("enabled") ?? true
        let agent = Self.agentName(reader, agents: agents, errors: errors)
        let access = AccessSettings(reading: reader.mapping("access", allowedKeys: AccessSettings.keys))
        let conversation = ConversationSettings(reading: reader.mapping("conversation", allowedKeys: ConversationSettings.keys))
        let streaming = StreamingPolicy(reading: reader.mapping("streaming", allowedKeys: StreamingPolicy.keys))
        let network = NetworkSettings(reading: reader.mapping("network", allowedKeys: NetworkSettings.keys))
        let settings = reader.node("settings") ?? .emptyMapping(at: reader.location)
        let settingsAreMapping = settings.entries(at: reader.path("settings"), errors: errors) != nil
        guard let id, let provider, let providerLocation = reader.node("provider")?.location, let agent,
              settingsAreMapping
        else { return nil }
        self.init(id: id, provider: provider, enabled: enabled, agent: agent, access: access,
                  conversation: conversation, streaming: streaming, network: network, location: reader.location,
                  providerLocation: providerLocation, settings: settings, path: reader.path)
    }

    /// The `agent` named by the entry, which must exist, or the first agent.
    private static func agentName(_ reader: MappingReader, agents: [AgentConfiguration], errors: ErrorCollector) -> String? {
        guard let name = reader.string("agent") else { return agents.first?.name }
        let names = agents.map(\.name)
        guard names.contains(name) else {
            let hint = Suggestion.didYouMean(name, among: names)
            errors.report("unknown agent '\(name)'\(hint)", at: reader.node("agent")?.location, path: reader.path("agent"))
            return nil
        }
        return name
    }
}
