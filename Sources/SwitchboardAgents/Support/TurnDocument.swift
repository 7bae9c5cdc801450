import Foundation
import SwitchboardCore

/// A turn as JSON, for agents outside the process (`command` on stdin, `http` as the
/// request body):
///
/// ```json
/// {"message": {"id", "channel_id", "chat_id", "chat_type", "sender_id", "sender_name", "text",
///              "mentions_bot", "reply_to_id", "thread_id", "timestamp_ms"},
///  "user": {"id", "username", "email", "display_name", "auth_source"},
///  "conversation": {"id", "mode", "title"},
///  "history": [{"role": "user" | "assistant", "text"}]}
/// ```
///
/// Absent optional values are left out; history is oldest first.
struct TurnDocument: Encodable {
    struct Message: Encodable {
        let id, channelID, chatID, chatType, senderID: String
        let senderName: String?
        let text: String
        let mentionsBot: Bool
        let replyToID, threadID: String?
        let timestampMilliseconds: Int64

        enum CodingKeys: String, CodingKey {
            case id, channelID = "channel_id", chatID = "chat_id", chatType = "chat_type", senderID = "sender_id"
            case senderName = "sender_name", text, mentionsBot = "mentions_bot", replyToID = "reply_to_id"
            case threadID = "thread_id", timestampMilliseconds = "timestamp_ms"
        }
    }

    struct User: Encodable {
        let id: Int64
        let username: String
        let email, displayName: String?
        let authSource: String

        enum CodingKeys: String, CodingKey {
            case id, username, email, displayName = "display_name", authSource = "auth_source"
        }
    }

    struct Conversation: Encodable {
        let id: Int64
        let mode, title: String
    }

    struct Entry: Encodable {
        let role, text: String
    }

    let message: Message
    let user: User
    let conversation: Conversation
    let history: [Entry]

    init(_ turn: AgentTurn) {
        let message = turn.message
        self.message = Message(
            id: message.messageID, channelID: message.channelID, chatID: message.chatID, chatType: message.chatType.rawValue,
            senderID: message.senderID, senderName: message.senderName, text: message.text, mentionsBot: message.mentionsBot,
            replyToID: message.replyToID, threadID: message.threadID, timestampMilliseconds: message.timestampMilliseconds
        )
        user = User(id: turn.user.id, username: turn.user.username, email: turn.user.email,
                    displayName: turn.user.displayName, authSource: turn.user.authSource)
        conversation = Conversation(id: turn.conversation.id, mode: turn.conversation.mode.rawValue,
                                    title: turn.conversation.title)
        history = turn.history.map { Entry(role: $0.role.rawValue, text: $0.text) }
    }

    /// The JSON text, keys sorted.
    static func encode(_ turn: AgentTurn) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, numbers and booleans cannot fail.
        return Array((try? encoder.encode(TurnDocument(turn))) ?? Data())
    }
}
