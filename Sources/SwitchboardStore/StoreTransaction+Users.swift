import Foundation
import GRDB

/// A Switchboard user, whom one or more platform identities belong to.
public struct UserRecord: Sendable, Equatable {
    public let id: Int64
    public let username: String
    public let email: String?
    public let displayName: String?
    /// Who vouched for the user: a platform name, or the enterprise mapper.
    public let authSource: String
}

/// The user a new identity should belong to, as a user mapper decided.
public struct UserClaim: Sendable, Equatable {
    public var username: String
    public var email: String?
    public var displayName: String?
    public var authSource: String

    public init(username: String, email: String?, displayName: String?, authSource: String) {
        self.username = username
        self.email = email
        self.displayName = displayName
        self.authSource = authSource
    }
}

extension StoreTransaction {
    /// The user linked to a platform identity, if any.
    public func user(platform: String, platformUserID: String) throws -> UserRecord? {
        try Row.fetchOne(db, sql: """
            SELECT users.* FROM identities JOIN users ON users.id = identities.user_id
            WHERE identities.platform = ? AND identities.platform_user_id = ?
            """, arguments: [platform, platformUserID]
        ).map(UserRecord.init(row:))
    }

    /// Links a platform identity to the user `claim` names, creating that user first
    /// when there is none. Identities claimed for one username by one auth source share
    /// a user. A username already held by a user of another auth source is not joined
    /// (that would merge strangers): the claim gets `username@authsource` instead.
    public func link(platform: String, platformUserID: String, channelID: String, displayName: String?, to claim: UserClaim) throws -> UserRecord {
        if let existing = try user(platform: platform, platformUserID: platformUserID) { return existing }
        var claim = claim
        let holder = try user(named: claim.username)
        let user: UserRecord
        if let holder, holder.authSource != claim.authSource {
            claim.username += "@" + claim.authSource
            user = try self.user(named: claim.username) ?? createUser(claim)
        } else {
            user = try holder ?? createUser(claim)
        }
        try db.execute(
            sql: """
                INSERT INTO identities (platform, platform_user_id, user_id, display_name, first_channel_id, linked_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [platform, platformUserID, user.id, displayName, channelID, now.timeIntervalSince1970]
        )
        return user
    }

    /// The platform identities linked to a user, as "platform:id".
    public func identities(of userID: Int64) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT platform || ':' || platform_user_id FROM identities WHERE user_id = ? ORDER BY linked_at, platform
            """, arguments: [userID])
    }

    private func createUser(_ claim: UserClaim) throws -> UserRecord {
        try db.execute(
            sql: "INSERT INTO users (username, email, display_name, auth_source, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [claim.username, claim.email, claim.displayName, claim.authSource, now.timeIntervalSince1970]
        )
        return UserRecord(id: db.lastInsertedRowID, username: claim.username, email: claim.email,
                          displayName: claim.displayName, authSource: claim.authSource)
    }
}

extension UserRecord {
    init(row: Row) {
        self.init(id: row["id"], username: row["username"], email: row["email"], displayName: row["display_name"],
                  authSource: row["auth_source"])
    }
}

extension StoreTransaction {
    /// The user with `username`, if any.
    public func user(named username: String) throws -> UserRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map(UserRecord.init(row:))
    }
}

extension StoreTransaction {
    /// How many users there are.
    public func userCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0
    }
}
