/// A Telegram user or bot, as the Bot API's User object shows it.
public struct TelegramUser: Sendable, Hashable {
    public var id: Int64
    public var isBot: Bool
    public var firstName: String
    public var username: String?

    public init(id: Int64, firstName: String, username: String? = nil, isBot: Bool = false) {
        self.id = id
        self.isBot = isBot
        self.firstName = firstName
        self.username = username
    }

    /// The simulated bot: id 123456789, "Switchboard", @switchboard_test_bot.
    public static let defaultBot = TelegramUser(id: 123_456_789, firstName: "Switchboard", username: "switchboard_test_bot", isBot: true)
    /// A user: id 1001, "Alice", @alice.
    public static let alice = TelegramUser(id: 1001, firstName: "Alice", username: "alice")
    /// A user: id 1002, "Bob", @bob.
    public static let bob = TelegramUser(id: 1002, firstName: "Bob", username: "bob")
}
