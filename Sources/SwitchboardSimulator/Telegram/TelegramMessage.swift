/// A text message in a simulated chat, a user's or the bot's.
public struct TelegramMessage: Sendable {
    /// Unique within its chat.
    public var messageID: Int
    public var chatID: Int64
    /// The forum topic, for messages in a forum supergroup's topic.
    public var threadID: Int?
    public var from: TelegramUser
    /// The plain text as users see it: formatting (HTML, MarkdownV2) parsed out into `entities`.
    public var text: String
    public var entities: [TelegramEntity]
    public var replyToMessageID: Int?
    /// The update that carried a user's message to the bot; nil for the bot's messages.
    public var updateID: Int?
    /// How many times the bot edited it.
    public var editCount: Int
    /// Unix time it was sent.
    public var date: Int
    /// Unix time of the last edit, if any.
    var editDate: Int?
}
