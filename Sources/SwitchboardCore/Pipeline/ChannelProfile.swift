public import SwitchboardConfig

/// What the pipeline knows of one channel: its platform, agent and policies.
public struct ChannelProfile: Sendable {
    public var channelID: String
    /// The provider's platform, e.g. "telegram"; identities are per platform.
    public var platform: String
    public var agentName: String
    public var agent: any Agent
    public var access: AccessSettings
    public var conversation: ConversationSettings
    /// How replies stream where the provider can stream.
    public var streaming: StreamingSettings
    /// The declared streaming modes this channel may use; nil for all of them.
    public var streamingModes: StreamingModes?
    /// What replies get where it cannot: `.sync` or `.block`.
    public var fallbackStrategy: ReplyStrategy

    public init(channelID: String, platform: String, agentName: String, agent: any Agent,
                access: AccessSettings = AccessSettings(), conversation: ConversationSettings = ConversationSettings(),
                streaming: StreamingSettings = StreamingSettings(), streamingModes: StreamingModes? = nil,
                fallbackStrategy: ReplyStrategy = .sync) {
        self.channelID = channelID
        self.platform = platform
        self.agentName = agentName
        self.agent = agent
        self.access = access
        self.conversation = conversation
        self.streaming = streaming
        self.streamingModes = streamingModes
        self.fallbackStrategy = fallbackStrategy
    }
}

/// The keys that group messages: by chat for ordering, by chat or user for context.
enum ChatKeys {
    private static let separator = "\u{1F}"

    /// Messages with one queue key are handled one at a time, in arrival order.
    static func queueKey(of message: InboundMessage) -> String {
        [message.channelID, message.chatID, message.threadID ?? ""].joined(separator: separator)
    }

    /// Messages with one context key share a conversation and pending menu.
    static func contextKey(of message: InboundMessage, groupContext: ConversationSettings.GroupContext) -> String {
        var parts = [message.channelID, message.chatID, message.threadID ?? ""]
        if message.chatType == .group, groupContext == .perUser { parts.append(message.senderID) }
        return parts.joined(separator: separator)
    }
}
