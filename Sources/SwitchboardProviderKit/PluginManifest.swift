import CSwitchboardABI

/// What a provider plugin declares at load: identity, settings schema, capabilities.
public struct PluginManifest: Sendable {
    public var id: String
    public var name: String
    public var version: String
    public var platform: String
    public var description: String?
    /// JSON Schema of a channel's settings; mark secrets with `"x-secret": true`.
    public var configSchema: String?
    public var capabilities: Capabilities

    public init(
        id: String, name: String, version: String, platform: String, description: String? = nil,
        configSchema: String? = nil, capabilities: Capabilities
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.platform = platform
        self.description = description
        self.configSchema = configSchema
        self.capabilities = capabilities
    }
}

/// What a provider can do; the host picks how to send replies from this.
public struct Capabilities: Sendable {
    /// The unit of `messageLimit`.
    public enum Unit: Sendable {
        case utf16, bytes, characters

        var abiValue: Int32 {
            switch self {
            case .utf16: SB_UNIT_UTF16
            case .bytes: SB_UNIT_BYTES
            case .characters: SB_UNIT_CHARACTERS
            }
        }
    }

    /// The longest message, or nil for no limit.
    public var messageLimit: Int?
    public var limitUnit: Unit
    /// `SB_STREAM_*` bits.
    public var streamingModes: UInt32
    /// `SB_FEATURE_*` bits.
    public var features: UInt32

    public init(messageLimit: Int?, limitUnit: Unit, streamingModes: UInt32 = 0, features: UInt32 = 0) {
        self.messageLimit = messageLimit
        self.limitUnit = limitUnit
        self.streamingModes = streamingModes
        self.features = features
    }
}
