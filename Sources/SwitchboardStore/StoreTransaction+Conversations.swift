public import Foundation
import GRDB

/// A conversation: the history an agent sees, in chat or task mode.
public struct ConversationRecord: Sendable, Equatable {
    public enum Mode: String, Sendable {
        case chat, task
    }

    public let id: Int64
    public let userID: Int64
    public let mode: Mode
    public let title: String
    /// The channel it was started on; it can be continued from others.
    public let originChannelID: String
    public let lastActiveAt: Date
}

/// One message of a conversation's history.
public struct HistoryEntry: Sendable, Equatable {
    public enum Role: String, Sendable {
        case user, assistant
    }

    public let role: Role
    public let text: String

    public init(role: Role, text: String) {
        self.role = role
        self.text = text
    }
}

extension StoreTransaction {
    public func createConversation(userID: Int64, mode: ConversationRecord.Mode, title: String, channelID: String) throws -> ConversationRecord {
        try db.execute(
            sql: """
                INSERT INTO conversations (user_id, mode, title, origin_channel_id, created_at, last_active_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [userID, mode.rawValue, title, channelID, now.timeIntervalSince1970, now.timeIntervalSince1970]
        )
        return ConversationRecord(id: db.lastInsertedRowID, userID: userID, mode: mode, title: title,
                                  originChannelID: channelID, lastActiveAt: now)
    }

    public func conversation(_ id: Int64) throws -> ConversationRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM conversations WHERE id = ?", arguments: [id]).map(ConversationRecord.init(row:))
    }

    /// A user's conversations of one mode, most recently active first.
    public func recentConversations(userID: Int64, mode: ConversationRecord.Mode, limit: Int) throws -> [ConversationRecord] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM conversations WHERE user_id = ? AND mode = ? ORDER BY last_active_at DESC, id DESC LIMIT ?
            """, arguments: [userID, mode.rawValue, limit]
        ).map(ConversationRecord.init(row:))
    }

    /// Appends to a conversation's history and marks it active now.
    public func append(_ entries: [HistoryEntry], to conversationID: Int64) throws {
        for entry in entries {
            try db.execute(
                sql: "INSERT INTO conversation_messages (conversation_id, role, text, created_at) VALUES (?, ?, ?, ?)",
                arguments: [conversationID, entry.role.rawValue, entry.text, now.timeIntervalSince1970]
            )
        }
        try touch(conversationID)
    }

    /// The context an agent sees: history since the last clear, oldest first, at most `limit` entries.
    public func history(of conversationID: Int64, limit: Int) throws -> [HistoryEntry] {
        try Row.fetchAll(db, sql: """
            SELECT role, text FROM (
                SELECT m.id, m.role, m.text FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.conversation_id = ? AND m.id > c.context_starts_after ORDER BY m.id DESC LIMIT ?
            ) ORDER BY id
            """, arguments: [conversationID, limit]
        ).map { HistoryEntry(role: HistoryEntry.Role(rawValue: $0["role"]) ?? .user, text: $0["text"]) }
    }

    /// Forgets the context so far; the history stays stored but the agent no longer sees it.
    public func clearContext(of conversationID: Int64) throws {
        try db.execute(sql: """
            UPDATE conversations SET context_starts_after =
                (SELECT COALESCE(MAX(id), 0) FROM conversation_messages WHERE conversation_id = ?)
            WHERE id = ?
            """, arguments: [conversationID, conversationID])
    }
}

extension ConversationRecord {
    init(row: Row) {
        self.init(
            id: row["id"], userID: row["user_id"], mode: Mode(rawValue: row["mode"]) ?? .chat, title: row["title"],
            originChannelID: row["origin_channel_id"], lastActiveAt: Date(timeIntervalSince1970: row["last_active_at"])
        )
    }
}

extension StoreTransaction {
    /// Marks a conversation active now (a chat was bound to it, say).
    public func touch(_ conversationID: Int64) throws {
        try db.execute(sql: "UPDATE conversations SET last_active_at = ? WHERE id = ?",
                       arguments: [now.timeIntervalSince1970, conversationID])
    }

    /// Renames a conversation.
    public func setTitle(_ title: String, of conversationID: Int64) throws {
        try db.execute(sql: "UPDATE conversations SET title = ? WHERE id = ?", arguments: [title, conversationID])
    }

    /// How many messages a conversation's history holds (cleared ones included).
    public func messageCount(of conversationID: Int64) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversation_messages WHERE conversation_id = ?",
                         arguments: [conversationID]) ?? 0
    }
}
