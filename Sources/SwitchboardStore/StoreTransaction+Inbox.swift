public import Foundation
import GRDB

/// A received message, stored before its provider acknowledged it.
public struct InboxEntry: Sendable, Equatable {
    public let id: Int64
    public let channelID: String
    public let messageID: String
    /// Messages with the same key are handled one at a time, in `id` order.
    public let chatKey: String
    /// The message, as the core encoded it.
    public let payload: String
    public let receivedAt: Date
}

/// How the handling of an inbox entry ended.
public enum InboxOutcome: String, Sendable {
    /// Answered (by the agent or a command).
    case answered
    /// Deliberately not answered (a group message that did not mention the bot).
    case ignored
    /// Turned away with an explanation (access policy, rate limit, full queue).
    case refused
}

extension StoreTransaction {
    /// What `insertInbound` did.
    public enum InsertOutcome: Sendable, Equatable {
        case inserted(InboxEntry)
        /// The channel already delivered a message with this id.
        case duplicate
    }

    /// Stores a received message unless the channel delivered its id before.
    public func insertInbound(channelID: String, messageID: String, chatKey: String, payload: String) throws -> InsertOutcome {
        try db.execute(
            sql: """
                INSERT INTO inbox (channel_id, message_id, chat_key, payload, received_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id, message_id) DO NOTHING
                """,
            arguments: [channelID, messageID, chatKey, payload, now.timeIntervalSince1970]
        )
        guard db.changesCount == 1 else { return .duplicate }
        return .inserted(InboxEntry(
            id: db.lastInsertedRowID, channelID: channelID, messageID: messageID, chatKey: chatKey,
            payload: payload, receivedAt: now
        ))
    }

    /// Every entry not yet finished, oldest first: what a restart must handle again.
    public func unfinishedInbound() throws -> [InboxEntry] {
        try Row.fetchAll(db, sql: """
            SELECT id, channel_id, message_id, chat_key, payload, received_at
            FROM inbox WHERE outcome IS NULL ORDER BY id
            """
        ).map(InboxEntry.init(row:))
    }

    /// Records how handling `entryID` ended.
    public func finishInbound(_ entryID: Int64, outcome: InboxOutcome) throws {
        try db.execute(
            sql: "UPDATE inbox SET outcome = ?, finished_at = ? WHERE id = ?",
            arguments: [outcome.rawValue, now.timeIntervalSince1970, entryID]
        )
    }
}

extension InboxEntry {
    init(row: Row) {
        self.init(
            id: row["id"], channelID: row["channel_id"], messageID: row["message_id"], chatKey: row["chat_key"],
            payload: row["payload"], receivedAt: Date(timeIntervalSince1970: row["received_at"])
        )
    }
}
