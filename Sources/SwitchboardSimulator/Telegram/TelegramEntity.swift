/// A MessageEntity: a formatted or special span of a message's text. `offset` and
/// `length` count UTF-16 code units, as the Bot API does.
public struct TelegramEntity: Sendable, Hashable {
    /// "bold", "italic", "code", "pre", "text_link", "mention", "bot_command", "url", …
    public var type: String
    public var offset: Int
    public var length: Int
    /// The user of a "text_mention".
    public var user: TelegramUser?
    /// The URL of a "text_link".
    public var url: String?
    /// The programming language of a "pre".
    public var language: String?

    public init(type: String, offset: Int, length: Int, user: TelegramUser? = nil, url: String? = nil, language: String? = nil) {
        self.type = type
        self.offset = offset
        self.length = length
        self.user = user
        self.url = url
        self.language = language
    }
}
