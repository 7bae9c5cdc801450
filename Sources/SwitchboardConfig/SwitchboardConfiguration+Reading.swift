extension SwitchboardConfiguration {
    /// The top-level keys of `config.yaml`.
    static let keys = ["host", "plugin_dirs", "users", "agents", "channels"]

    /// Reads a whole document (nil for an empty file), reporting every problem to `errors`.
    init(reading root: ConfigNode?, file: String, baseDirectory: String, errors: ErrorCollector) {
        let document = root ?? .emptyMapping(at: SourceLocation(file: file))
        let reader = MappingReader(document, at: .root, allowedKeys: Self.keys, errors: errors)
        let secretFiles = SecretFileReader(baseDirectory: baseDirectory, errors: errors)
        let agents = AgentConfiguration.list(reading: reader.elements("agents"), at: reader.path("agents"),
                                             secretFiles: secretFiles, errors: errors)
        let pluginDirectories = reader.strings("plugin_dirs") ?? ["plugins.d"]
        self.init(
            host: HostSettings(reading: reader.mapping("host", allowedKeys: HostSettings.keys), baseDirectory: baseDirectory),
            pluginDirectories: pluginDirectories.map { absolutePath($0, relativeTo: baseDirectory) },
            users: UserMappingSettings(reading: reader.mapping("users", allowedKeys: UserMappingSettings.keys), errors: errors),
            agents: agents,
            channels: ChannelConfiguration.list(reading: reader.elements("channels"), at: reader.path("channels"),
                                                agents: agents, errors: errors),
            file: file,
            baseDirectory: baseDirectory
        )
    }
}
