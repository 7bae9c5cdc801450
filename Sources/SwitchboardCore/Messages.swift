/// Whether a chat is one-to-one with the bot or shared by several people.
public enum ChatType: String, Sendable, Hashable, Codable {
    case `private`
    case group
}

/// How outbound text should be rendered by the platform.
public enum TextFormat: String, Sendable, Hashable {
    case plain
    case markdown
}

/// A message a user sent on some channel, as the host received it from a provider.
public struct InboundMessage: Sendable, Hashable, Codable {
    /// The configured channel the message arrived on.
    public var channelID: String
    /// The platform's id of the message, unique within the channel.
    public var messageID: String
    public var chatID: String
    public var chatType: ChatType
    /// The platform's id of the sender.
    public var senderID: String
    public var senderName: String?
    public var text: String
    /// True when the bot was mentioned or replied to.
    public var mentionsBot: Bool
    public var replyToID: String?
    public var threadID: String?
    /// When the platform says the message was sent, in Unix milliseconds.
    public var timestampMilliseconds: Int64
    /// The platform's original payload, when the provider passed it on.
    public var rawJSON: String?

    public init(
        channelID: String, messageID: String, chatID: String, chatType: ChatType,
        senderID: String, senderName: String? = nil, text: String, mentionsBot: Bool = false,
        replyToID: String? = nil, threadID: String? = nil, timestampMilliseconds: Int64 = 0,
        rawJSON: String? = nil
    ) {
        self.channelID = channelID
        self.messageID = messageID
        self.chatID = chatID
        self.chatType = chatType
        self.senderID = senderID
        self.senderName = senderName
        self.text = text
        self.mentionsBot = mentionsBot
        self.replyToID = replyToID
        self.threadID = threadID
        self.timestampMilliseconds = timestampMilliseconds
        self.rawJSON = rawJSON
    }
}

/// A message the host asks a channel to send.
public struct OutboundMessage: Sendable, Hashable {
    public var channelID: String
    public var chatID: String
    public var chatType: ChatType
    public var text: String
    public var format: TextFormat
    public var replyToID: String?
    public var threadID: String?
    /// The same each time this reply is sent, for platforms that drop repeated sends.
    public var idempotencyKey: String?

    public init(
        channelID: String, chatID: String, chatType: ChatType, text: String,
        format: TextFormat = .plain, replyToID: String? = nil, threadID: String? = nil, idempotencyKey: String? = nil
    ) {
        self.channelID = channelID
        self.chatID = chatID
        self.chatType = chatType
        self.text = text
        self.format = format
        self.replyToID = replyToID
        self.threadID = threadID
        self.idempotencyKey = idempotencyKey
    }

    /// A reply in the same chat and thread as `message`, quoting it.
    public static func reply(to message: InboundMessage, text: String) -> OutboundMessage {
        OutboundMessage(
            channelID: message.channelID, chatID: message.chatID, chatType: message.chatType,
            text: text, replyToID: message.messageID, threadID: message.threadID
        )
    }
}
