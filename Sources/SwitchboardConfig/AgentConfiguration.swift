/// One entry of `agents:`: an agent backend that channels can be wired to.
public struct AgentConfiguration: Sendable {
    /// The name channels refer to (`name`).
    public var name: String
    /// The backend type (`type`); the host decides which types exist.
    public var type: String
    /// The model to ask for, if the backend takes one (`model`).
    public var model: String?
    /// The `options` mapping as a JSON object with sorted keys (`{}` when absent), `X_file` entries already read.
    public var optionsJSON: String
    /// Where the entry is written.
    public var location: SourceLocation

    /// An agent in code.
    public init(name: String, type: String, model: String? = nil, optionsJSON: String = "{}",
                location: SourceLocation = .inCode) {
        self.name = name
        self.type = type
        self.model = model
        self.optionsJSON = optionsJSON
        self.location = location
    }

    /// The agent used when `agents` is absent or empty: `{name: echo, type: echo}`.
    public static let implicitEcho = AgentConfiguration(name: "echo", type: "echo")
}
