import Foundation
import SwitchboardDigest

/// A user of the simulated DingTalk organisation, as robot messages name them.
public struct DingTalkUser: Sendable, Hashable {
    /// The user's id in the organisation: `senderStaffId`, and what the robot APIs'
    /// `userIds` list.
    public var staffID: String
    /// The display name: `senderNick`.
    public var nick: String
    /// The user's id as robots see it: `senderId`, "$:LWCP_v1:$…".
    public var senderID: String

    /// - Parameter senderID: Default: "$:LWCP_v1:$" and a base64 text derived from
    ///   `staffID`, the same every time.
    public init(staffID: String, nick: String, senderID: String? = nil) {
        self.staffID = staffID
        self.nick = nick
        self.senderID = senderID ?? Self.senderID(for: staffID)
    }

    /// A user: staff id "alice01", "Alice".
    public static let alice = DingTalkUser(staffID: "alice01", nick: "Alice")
    /// A user: staff id "bob02", "Bob".
    public static let bob = DingTalkUser(staffID: "bob02", nick: "Bob")

    /// "$:LWCP_v1:$" and 24 base64 characters derived from `seed`: how DingTalk's
    /// robot-facing ids look.
    static func senderID(for seed: String) -> String {
        "$:LWCP_v1:$" + Data(SHA256.digest(Array(seed.utf8)).prefix(18)).base64EncodedString()
    }
}
