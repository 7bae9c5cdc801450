import Foundation
import GRDB

/// Providers' small per-channel state (`switchboard.state/1`). Synchronous: a provider
/// calls it on its channel's executor and expects the value on disk when it returns.
extension Store {
    /// The value of `key` for a channel, if it has one.
    public func channelState(_ key: String, of channelID: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM channel_state WHERE channel_id = ? AND key = ?",
                                arguments: [channelID, key])
        }
    }

    /// Stores (or, with nil, deletes) the value of `key` for a channel.
    public func setChannelState(_ value: String?, for key: String, of channelID: String) throws {
        try pool.write { db in
            if let value {
                try db.execute(
                    sql: """
                        INSERT INTO channel_state (channel_id, key, value, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (channel_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                        """,
                    arguments: [channelID, key, value, Date().timeIntervalSince1970]
                )
            } else {
                try db.execute(sql: "DELETE FROM channel_state WHERE channel_id = ? AND key = ?", arguments: [channelID, key])
            }
        }
    }
}
