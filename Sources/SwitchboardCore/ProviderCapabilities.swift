/// The unit a platform counts its message limit in.
public enum LengthUnit: String, Sendable, Hashable {
    /// UTF-16 code units (Telegram).
    case utf16
    /// Bytes of UTF-8 (WeCom).
    case bytes
    /// Unicode scalar values.
    case characters
}

/// How a provider can show a reply while the agent is still writing it.
public struct StreamingModes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A placeholder message edited in place.
    public static let edit = StreamingModes(rawValue: 1 << 0)
    /// Ephemeral draft previews, then a final message.
    public static let draft = StreamingModes(rawValue: 1 << 1)
    /// The platform's own streaming operations.
    public static let native = StreamingModes(rawValue: 1 << 2)
    /// Chunks accumulating under one stable message id.
    public static let append = StreamingModes(rawValue: 1 << 3)
}

/// Optional chat features a provider supports.
public struct ProviderFeatures: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let groups = ProviderFeatures(rawValue: 1 << 0)
    public static let threads = ProviderFeatures(rawValue: 1 << 1)
    public static let typing = ProviderFeatures(rawValue: 1 << 2)
    public static let replyTo = ProviderFeatures(rawValue: 1 << 3)
    public static let markdown = ProviderFeatures(rawValue: 1 << 4)
}

/// What a provider declared it can do. The host decides how to send from this,
/// never from the platform's name.
public struct ProviderCapabilities: Sendable, Hashable {
    /// The longest single message, or nil when the platform sets no limit.
    public var messageLimit: Int?
    public var limitUnit: LengthUnit
    public var streamingModes: StreamingModes
    public var features: ProviderFeatures

    public init(
        messageLimit: Int? = nil, limitUnit: LengthUnit = .characters,
        streamingModes: StreamingModes = [], features: ProviderFeatures = []
    ) {
        self.messageLimit = messageLimit
        self.limitUnit = limitUnit
        self.streamingModes = streamingModes
        self.features = features
    }
}
