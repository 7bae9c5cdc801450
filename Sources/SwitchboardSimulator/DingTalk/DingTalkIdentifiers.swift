import Foundation

/// The random identifiers and the timestamps DingTalk puts on the wire.
enum DingTalkIdentifiers {
    /// `bytes` random bytes as lower-case hex: 32 characters by default, as access
    /// tokens and session ids are.
    static func hex(bytes: Int = 16) -> String {
        randomBytes(bytes).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// `bytes` random bytes in base64, as `processQueryKey` and `msgId` are.
    static func base64(bytes: Int) -> String {
        Data(randomBytes(bytes)).base64EncodedString()
    }

    /// A lower-case UUID: tickets, frame message ids, opaques, connection ids.
    static func uuid() -> String {
        UUID().uuidString.lowercased()
    }

    /// An upper-case UUID: an error body's `requestid`.
    static func requestID() -> String {
        UUID().uuidString.uppercased()
    }

    /// Milliseconds since 1970: `createAt`, the `time` header, a robot's `timestamp`.
    static var nowMilliseconds: Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max) }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
