import Foundation
import GRDB

/// A reply to write, before it is stored.
public struct ReplyDraft: Sendable, Equatable {
    public var channelID: String
    public var chatID: String
    /// "private" or "group".
    public var chatType: String
    public var threadID: String?
    public var replyToID: String?
    public var text: String
    /// "plain" or "markdown".
    public var format: String

    public init(channelID: String, chatID: String, chatType: String, threadID: String?, replyToID: String?, text: String, format: String) {
        self.channelID = channelID
        self.chatID = chatID
        self.chatType = chatType
        self.threadID = threadID
        self.replyToID = replyToID
        self.text = text
        self.format = format
    }
}

/// A stored reply: recorded before it is sent, so a restart neither loses nor repeats it.
public struct OutboxEntry: Sendable, Equatable {
    public let id: Int64
    public let inboxID: Int64
    /// The reply's place among the replies to its inbox entry, from 0.
    public let sequence: Int
    public let draft: ReplyDraft

    /// A key that is the same each time this reply is sent, for platforms that drop repeats.
    public var idempotencyKey: String { "\(draft.channelID):\(inboxID):\(sequence)" }
}

extension StoreTransaction {
    /// Stores the replies to an inbox entry, after any it already has.
    @discardableResult
    public func addReplies(to inboxID: Int64, _ drafts: [ReplyDraft]) throws -> [OutboxEntry] {
        var next = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence) + 1, 0) FROM outbox WHERE inbox_id = ?",
                                    arguments: [inboxID]) ?? 0
        return try drafts.map { draft in
            try db.execute(
                sql: """
                    INSERT INTO outbox (inbox_id, sequence, channel_id, chat_id, chat_type, thread_id, reply_to_id, text, format)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [inboxID, next, draft.channelID, draft.chatID, draft.chatType, draft.threadID,
                            draft.replyToID, draft.text, draft.format]
            )
            defer { next += 1 }
            return OutboxEntry(id: db.lastInsertedRowID, inboxID: inboxID, sequence: next, draft: draft)
        }
    }

    /// Whether replies to the entry were stored (it was handled before a restart).
    public func hasReplies(to inboxID: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE inbox_id = ?)", arguments: [inboxID]) ?? false
    }

    /// The entry's replies not yet sent nor given up on, in order.
    public func unsentReplies(to inboxID: Int64) throws -> [OutboxEntry] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM outbox WHERE inbox_id = ? AND sent_at IS NULL AND failure IS NULL ORDER BY sequence
            """, arguments: [inboxID]
        ).map { row in
            OutboxEntry(
                id: row["id"], inboxID: row["inbox_id"], sequence: row["sequence"],
                draft: ReplyDraft(
                    channelID: row["channel_id"], chatID: row["chat_id"], chatType: row["chat_type"],
                    threadID: row["thread_id"], replyToID: row["reply_to_id"], text: row["text"], format: row["format"]
                )
            )
        }
    }

    /// Records that a reply reached the platform.
    public func markSent(_ replyID: Int64, platformMessageID: String?) throws {
        try db.execute(sql: "UPDATE outbox SET sent_at = ?, platform_message_id = ? WHERE id = ?",
                       arguments: [now.timeIntervalSince1970, platformMessageID, replyID])
    }

    /// Records that a reply was given up on, and why.
    public func markFailed(_ replyID: Int64, reason: String) throws {
        try db.execute(sql: "UPDATE outbox SET failure = ? WHERE id = ?", arguments: [reason, replyID])
    }
}
