import Foundation
import SwitchboardStore

/// Conversation rules shared by commands and agent turns.
extension StoreTransaction {
    /// The conversation a message continues: the chat's bound one, or a new one in the
    /// chat's mode. A chat-mode conversation idle longer than `idleTimeout` is replaced by
    /// a new one, and the second value is the notice to show.
    func currentConversation(
        for context: inout ChatContext, user: UserRecord, channelID: String, idleTimeout: Duration?
    ) throws -> (ConversationRecord, notice: String?) {
        if let id = context.conversationID, let bound = try conversation(id) {
            guard bound.mode == .chat, let idleTimeout, bound.isIdle(at: now, timeout: idleTimeout) else {
                return (bound, nil)
            }
            let fresh = try startConversation(.chat, for: user, channelID: channelID, in: &context)
            let minutes = Int(idleTimeout.timeInterval / 60)
            return (fresh, "(This chat was idle for more than \(minutes) minutes, so I started a new conversation, \(fresh.label).)")
        }
        return (try startConversation(context.mode, for: user, channelID: channelID, in: &context), nil)
    }

    /// Creates a conversation and binds the chat to it.
    func startConversation(_ mode: ConversationRecord.Mode, for user: UserRecord, channelID: String,
                           in context: inout ChatContext) throws -> ConversationRecord {
        let conversation = try createConversation(
            userID: user.id, mode: mode, title: mode == .task ? ConversationRecord.untitledTask : ConversationRecord.untitledChat,
            channelID: channelID
        )
        context.conversationID = conversation.id
        context.mode = mode
        return conversation
    }

    /// The user's conversation with the id written in `text` ("12" or "#12"), if it is theirs.
    func ownConversation(_ text: String, of user: UserRecord) throws -> ConversationRecord? {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let id = Int64(digits), let found = try conversation(id), found.userID == user.id else { return nil }
        return found
    }
}

extension ConversationRecord {
    static let untitledChat = "New chat"
    static let untitledTask = "New task"

    /// How users see it: `#12 "Fix the login page"`.
    var label: String { "#\(id) \"\(title)\"" }

    /// Whether it still has its placeholder title.
    var isUntitled: Bool { title == Self.untitledChat || title == Self.untitledTask }

    /// A title made from the first message: its first line, at most 40 characters.
    static func title(from text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init)?.trimmed ?? ""
        guard !line.isEmpty else { return untitledChat }
        return line.count > 40 ? String(line.prefix(39)) + "…" : line
    }
}

extension Duration {
    /// The duration in seconds.
    package var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension ConversationRecord {
    /// Whether the conversation has been idle longer than `timeout` at `now`.
    func isIdle(at now: Date, timeout: Duration) -> Bool {
        now.timeIntervalSince(lastActiveAt) > timeout.timeInterval
    }
}
