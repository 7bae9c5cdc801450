import Foundation
import SwitchboardDigest

extension DingTalkSimulator {
    /// The signature a custom robot with `secret` expects for `timestamp` (milliseconds,
    /// as text): base64(HMAC-SHA256(key: secret, message: "<timestamp>\n<secret>")). It
    /// goes in the `sign` query parameter, URL-encoded.
    public static func robotSignature(timestamp: String, secret: String) -> String {
        Data(HMACSHA256.authenticationCode(for: "\(timestamp)\n\(secret)", key: secret)).base64EncodedString()
    }
}

/// The check of a custom robot's `timestamp` and `sign`.
enum DingTalkRobotSignature {
    /// How far a timestamp may be from now: one hour.
    static let tolerance: Int64 = 3_600_000

    /// Whether `sign` is `timestamp`'s signature under `secret`, and `timestamp` (in
    /// milliseconds) is within an hour of `now`.
    static func isValid(timestamp: String?, sign: String?, secret: String, now: Int64) -> Bool {
        guard let timestamp, let sign, let milliseconds = Int64(timestamp), abs(now - milliseconds) <= tolerance else {
            return false
        }
        let expected = DingTalkSimulator.robotSignature(timestamp: timestamp, secret: secret)
        return constantTimeEqual(Array(sign.utf8), Array(expected.utf8))
    }
}
