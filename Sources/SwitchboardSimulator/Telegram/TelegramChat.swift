/// A Telegram chat: a private chat with one user, a group, a supergroup (maybe a forum
/// with topics) or a channel.
public struct TelegramChat: Sendable, Hashable {
    /// The Bot API's `chat.type`.
    public enum Kind: String, Sendable {
        case `private`, group, supergroup, channel
    }

    public var id: Int64
    public var kind: Kind
    /// The title of a group, supergroup or channel; nil for a private chat.
    public var title: String?
    /// Whether the supergroup has topics (`message_thread_id`).
    public var isForum: Bool
    /// The other user of a private chat: its name shows as the chat's
    /// `first_name`/`username`.
    var user: TelegramUser?

    init(id: Int64, kind: Kind, title: String?, isForum: Bool, user: TelegramUser? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.isForum = isForum
        self.user = user
    }

    /// The private chat between the bot and `user`; its id is the user's id.
    public static func privateChat(with user: TelegramUser) -> TelegramChat {
        TelegramChat(id: user.id, kind: .private, title: nil, isForum: false, user: user)
    }

    /// A basic group; Telegram's group ids are negative, e.g. -4001.
    public static func group(id: Int64, title: String) -> TelegramChat {
        TelegramChat(id: id, kind: .group, title: title, isForum: false)
    }

    /// A supergroup; Telegram's supergroup ids look like -1001234567890.
    public static func supergroup(id: Int64, title: String, isForum: Bool = false) -> TelegramChat {
        TelegramChat(id: id, kind: .supergroup, title: title, isForum: isForum)
    }
}
