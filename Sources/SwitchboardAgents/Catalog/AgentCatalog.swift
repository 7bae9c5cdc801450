public import SwitchboardConfig
public import SwitchboardCore
public import SwitchboardHTTP

/// Builds the agents a configuration names, by type: `echo`, `openai`, `command`, `http`.
public enum AgentCatalog {
    /// The agent types this build knows.
    public static let knownTypes = ["echo", "openai", "command", "http"]

    /// The agent `configuration` describes, or what is wrong with it: an unknown type,
    /// or a missing or invalid option, pointed at as `<keyPath>.options.<key>`.
    ///
    /// - Parameters:
    ///   - keyPath: The entry's key path, e.g. `agents[2]`.
    ///   - client: The HTTP client of the agents that use one.
    public static func make(_ configuration: AgentConfiguration, keyPath: String,
                            client: HTTPClient = HTTPClient()) -> Result<any Agent, ConfigError> {
        let source = OptionsSource(configuration: configuration, keyPath: keyPath)
        return Result { () throws(ConfigError) -> any Agent in
            switch configuration.type {
            case "echo": try source.decode(EchoOptions.self).agent(source)
            case "openai": try source.decode(OpenAIOptions.self).agent(source, client: client)
            case "command": try source.decode(CommandOptions.self).agent(source)
            case "http": try source.decode(HTTPAgentOptions.self).agent(source, client: client)
            default:
                throw source.error(at: "type", "unknown agent type '\(configuration.type)'"
                                   + " (this build knows: \(knownTypes.joined(separator: ", ")))")
            }
        }
    }
}
