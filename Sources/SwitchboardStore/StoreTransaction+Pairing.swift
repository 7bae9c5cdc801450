import Foundation
import GRDB

/// A user's request to use a channel whose private chats need an operator's approval.
public struct PairingRequest: Sendable, Equatable {
    public let channelID: String
    public let platformUserID: String
    /// The one-time code the user is shown and the operator approves.
    public let code: String
    public let displayName: String?
    public let approved: Bool
}

extension StoreTransaction {
    /// The request of a user on a channel, if they made one.
    public func pairingRequest(channelID: String, platformUserID: String) throws -> PairingRequest? {
        try Row.fetchOne(db, sql: "SELECT * FROM pairing_requests WHERE channel_id = ? AND platform_user_id = ?",
                         arguments: [channelID, platformUserID]).map(PairingRequest.init(row:))
    }

    /// Records a new request with a fresh code.
    public func createPairingRequest(channelID: String, platformUserID: String, displayName: String?) throws -> PairingRequest {
        var code: String
        repeat {
            code = Self.pairingCode()
        } while try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pairing_requests WHERE code = ?)", arguments: [code]) == true
        try db.execute(
            sql: """
                INSERT INTO pairing_requests (channel_id, platform_user_id, code, display_name, requested_at)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [channelID, platformUserID, code, displayName, now.timeIntervalSince1970]
        )
        return PairingRequest(channelID: channelID, platformUserID: platformUserID, code: code, displayName: displayName, approved: false)
    }

    /// Approves the request with `code`; nil when no request has it.
    public func approvePairing(code: String) throws -> PairingRequest? {
        try db.execute(sql: "UPDATE pairing_requests SET approved_at = COALESCE(approved_at, ?) WHERE code = ?",
                       arguments: [now.timeIntervalSince1970, code.uppercased()])
        return try Row.fetchOne(db, sql: "SELECT * FROM pairing_requests WHERE code = ?", arguments: [code.uppercased()])
            .map(PairingRequest.init(row:))
    }

    /// Requests not yet approved, oldest first.
    public func pendingPairingRequests() throws -> [PairingRequest] {
        try Row.fetchAll(db, sql: "SELECT * FROM pairing_requests WHERE approved_at IS NULL ORDER BY requested_at")
            .map(PairingRequest.init(row:))
    }

    /// Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L).
    private static func pairingCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        return String((0..<8).map { _ in alphabet.randomElement()! })
    }
}

extension PairingRequest {
    init(row: Row) {
        let approvedAt: Double? = row["approved_at"]
        self.init(channelID: row["channel_id"], platformUserID: row["platform_user_id"], code: row["code"],
                  displayName: row["display_name"], approved: approvedAt != nil)
    }
}
