/// A DingTalk conversation the bot is in: a single chat with one user, or a group.
public struct DingTalkConversation: Sendable, Hashable {
    /// The robot message's `conversationType`.
    public enum Kind: String, Sendable {
        /// A single (one-to-one) chat: "1".
        case single = "1"
        /// A group chat: "2".
        case group = "2"
    }

    /// `conversationId`, which is also the group's `openConversationId`.
    public var id: String
    public var kind: Kind
    /// The group's name (`conversationTitle`); nil for a single chat.
    public var title: String?

    init(id: String, kind: Kind, title: String?) {
        self.id = id
        self.kind = kind
        self.title = title
    }

    /// The single chat between the bot and `user`; its id is "cidSingle-<staffID>".
    public static func single(with user: DingTalkUser) -> DingTalkConversation {
        DingTalkConversation(id: "cidSingle-\(user.staffID)", kind: .single, title: nil)
    }

    /// A group; DingTalk's ids look like "cid6KeBBLoveMJOGXoYKF5x7EeiodoA==".
    public static func group(id: String, title: String) -> DingTalkConversation {
        DingTalkConversation(id: id, kind: .group, title: title)
    }
}
