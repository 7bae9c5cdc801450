extension AccessSettings {
    static let keys = ["private", "allowlist", "groups", "group_commands", "rate_limit"]

    init(reading reader: MappingReader) {
        let defaults = AccessSettings()
        let rate = reader.mapping("rate_limit", allowedKeys: ["messages", "per_seconds"])
        let messages = rate.integer("messages", minimum: 0) ?? defaults.rateLimit ?? 0
        self.init(
            privateChats: reader.choice("private") ?? defaults.privateChats,
            allowlist: reader.strings("allowlist") ?? [],
            groups: reader.choice("groups") ?? defaults.groups,
            groupCommands: reader.bool("group_commands") ?? defaults.groupCommands,
            rateLimit: messages == 0 ? nil : messages,
            rateWindow: rate.integer("per_seconds", minimum: 1).map { .seconds($0) } ?? defaults.rateWindow
        )
    }
}

extension ConversationSettings {
    static let keys = ["group_context", "idle_timeout_minutes", "queue_limit"]

    init(reading reader: MappingReader) {
        let defaults = ConversationSettings()
        let idleMinutes = reader.integer("idle_timeout_minutes", minimum: 0)
        self.init(
            groupContext: reader.choice("group_context") ?? defaults.groupContext,
            idleTimeout: idleMinutes.map { $0 == 0 ? nil : .seconds($0 * 60) } ?? defaults.idleTimeout,
            queueLimit: reader.integer("queue_limit", minimum: 1) ?? defaults.queueLimit
        )
    }
}

extension UserMappingSettings {
    static let keys = ["mapper", "url", "timeout_ms", "plugin"]

    private enum MapperName: String, CaseIterable { case `default`, http, plugin }

    init(reading reader: MappingReader, errors: ErrorCollector) {
        let location = reader.node("mapper")?.location ?? reader.location
        switch reader.choice("mapper") ?? MapperName.default {
        case .default:
            self.init(mapper: .default, location: location)
        case .http:
            let timeout = reader.integer("timeout_ms", minimum: 1) ?? 5000
            guard let url = reader.requiredString("url") else {
                self.init(mapper: .default, location: location)
                return
            }
            if !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                errors.report("must be an http:// or https:// URL", at: reader.node("url")?.location, path: reader.path("url"))
            }
            self.init(mapper: .http(url: url, timeout: .milliseconds(timeout)), location: location)
        case .plugin:
            let id = reader.requiredString("plugin") ?? ""
            self.init(mapper: .plugin(id: id), location: location)
        }
    }
}

extension StreamingPolicy {
    static let keys = ["modes", "fallback", "update_interval_ms", "min_new_characters", "sends_per_second"]

    init(reading reader: MappingReader) {
        let defaults = StreamingPolicy()
        let budget = reader.integer("sends_per_second", minimum: 0) ?? 0
        self.init(
            modes: reader.choices("modes"),
            modesLocation: reader.node("modes")?.location ?? .inCode,
            fallback: reader.choice("fallback") ?? defaults.fallback,
            updateInterval: reader.integer("update_interval_ms", minimum: 50).map { .milliseconds($0) } ?? defaults.updateInterval,
            minimumNewCharacters: reader.integer("min_new_characters", minimum: 0) ?? defaults.minimumNewCharacters,
            sendsPerSecond: budget == 0 ? nil : budget
        )
    }
}

extension NetworkSettings {
    static let keys = ["proxy", "ca_bundle"]

    init(reading reader: MappingReader) {
        self.init(
            proxy: reader.parsed("proxy", expected: "\"\" or http://host:port", WebURL.proxy),
            caBundle: reader.string("ca_bundle")
        )
    }
}
