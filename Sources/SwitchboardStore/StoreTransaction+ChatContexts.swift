public import Foundation
import GRDB

/// The state of one chat, or of one user in a group chat: its bound conversation,
/// its mode, and a numbered choice it is waiting for.
public struct ChatContext: Sendable, Equatable {
    /// A numbered menu awaiting an answer.
    public struct Selection: Sendable, Equatable, Codable {
        /// What the menu is for (the core names them, e.g. "new", "task", "switch").
        public var kind: String
        /// What each number stands for, in order (1 is the first).
        public var options: [String]
        public var expiresAt: Date

        public init(kind: String, options: [String], expiresAt: Date) {
            self.kind = kind
            self.options = options
            self.expiresAt = expiresAt
        }
    }

    public var conversationID: Int64?
    public var mode: ConversationRecord.Mode
    public var selection: Selection?

    public init(conversationID: Int64? = nil, mode: ConversationRecord.Mode = .chat, selection: Selection? = nil) {
        self.conversationID = conversationID
        self.mode = mode
        self.selection = selection
    }
}

extension StoreTransaction {
    /// The context stored under `key`, or a fresh one.
    public func chatContext(_ key: String) throws -> ChatContext {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM chat_contexts WHERE context_key = ?", arguments: [key]) else {
            return ChatContext()
        }
        let selectionJSON: String? = row["selection"]
        return ChatContext(
            conversationID: row["conversation_id"],
            mode: ConversationRecord.Mode(rawValue: row["mode"]) ?? .chat,
            selection: try selectionJSON.map { try JSONDecoder().decode(ChatContext.Selection.self, from: Data($0.utf8)) }
        )
    }

    public func saveChatContext(_ context: ChatContext, for key: String) throws {
        let selection = try context.selection.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try db.execute(
            sql: """
                INSERT INTO chat_contexts (context_key, conversation_id, mode, selection, selection_expires_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (context_key) DO UPDATE SET conversation_id = excluded.conversation_id, mode = excluded.mode,
                    selection = excluded.selection, selection_expires_at = excluded.selection_expires_at
                """,
            arguments: [key, context.conversationID, context.mode.rawValue, selection,
                        context.selection?.expiresAt.timeIntervalSince1970]
        )
    }
}
