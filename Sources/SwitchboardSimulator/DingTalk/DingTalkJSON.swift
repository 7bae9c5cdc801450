import Foundation
import Hummingbird
import NIOCore

/// DingTalk's JSON: keys exactly as DingTalk spells them (camel case, or lower case for
/// the old robot API), sorted so answers are stable; slashes unescaped.
enum DingTalkJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func encode(_ value: some Encodable) -> [UInt8] {
        // Only the simulator's own JSON types are encoded, and they always encode.
        Array(try! encoder.encode(value))
    }

    /// `value` as JSON text, e.g. a stream frame's `data`.
    static func text(_ value: some Encodable) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }
}

extension Response {
    /// `value` as JSON, with Content-Type application/json.
    static func dingTalkJSON(_ value: some Encodable, status: Int = 200) -> Response {
        encodedJSON(DingTalkJSON.encode(value), status: status)
    }
}

/// `{"success":true,"result":…}`, the card APIs' answer.
struct DingTalkCardSuccessJSON<Result: Encodable>: Encodable {
    let success = true
    let result: Result
}
