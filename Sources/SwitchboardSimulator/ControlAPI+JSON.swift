import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A recorded request in `GET /_sim/requests`: `method`, `path`, `query` (raw),
/// `headers` (`[{"name","value"}]`, in order), `body` (UTF-8 text, or null when the
/// body is not UTF-8), `body_base64` (always) and `time` (ISO 8601).
struct RecordedRequestJSON: Encodable {
    struct Header: Encodable {
        let name: String
        let value: String
    }

    /// Text that is written `null` when absent, rather than left out.
    struct TextOrNull: Encodable {
        let text: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
    }

    let method: String
    let path: String
    let query: String
    let headers: [Header]
    let body: TextOrNull
    let bodyBase64: String
    let time: Date

    init(_ request: RecordedRequest) {
        method = request.method
        path = request.path
        query = request.query
        headers = request.headers.map { Header(name: $0.name, value: $0.value) }
        body = TextOrNull(text: request.text)
        bodyBase64 = Data(request.body).base64EncodedString()
        time = request.time
    }
}

/// A session in `GET /_sim/websockets`: `id`, `path`, `query`, `open`, `received`
/// (how many messages the client sent).
struct WebSocketSessionJSON: Encodable {
    let id: Int
    let path: String
    let query: String
    let open: Bool
    let received: Int

    init(_ session: WebSocketSession) async {
        id = session.id
        path = session.request.path
        query = session.request.query
        open = session.isOpen
        received = await session.received.all.count
    }
}

/// The body of `POST /_sim/faults`:
///
/// - `path` (required) and `match`: "exact" (default) or "prefix";
/// - `action`: "respond" (default), "delay" (answer as usual, late), "drop" (close the
///   connection unanswered) or "stall" (never answer);
/// - for "respond": `status` (required), `headers` (an object), `body` (text);
/// - `delay_ms`: wait this long first (required for "delay");
/// - `count`: how many requests it applies to (default 1), or `until_cleared`: true.
struct FaultJSON: Decodable {
    let path: String
    let match: String?
    let action: String?
    let status: Int?
    let headers: [String: String]?
    let body: String?
    let delayMs: Int?
    let count: Int?
    let untilCleared: Bool?

    enum CodingKeys: String, CodingKey {
        case path, match, action, status, headers, body, delayMs = "delay_ms", count, untilCleared = "until_cleared"
    }

    func fault() throws -> Fault {
        let pattern: Fault.PathPattern
        switch match ?? "exact" {
        case "exact": pattern = .exact(path)
        case "prefix": pattern = .prefix(path)
        default: throw HTTPError(.badRequest, message: "match must be exact or prefix")
        }
        if let count, count < 1 { throw HTTPError(.badRequest, message: "count must be at least 1") }
        if let delayMs, delayMs < 0 { throw HTTPError(.badRequest, message: "delay_ms must not be negative") }
        let delay = Duration.milliseconds(delayMs ?? 0)
        let faultAction: Fault.Action
        switch action ?? "respond" {
        case "respond":
            guard let status, (200...599).contains(status) else {
                throw HTTPError(.badRequest, message: "respond needs a status from 200 to 599")
            }
            if let invalid = headers?.keys.first(where: { HTTPField.Name($0) == nil }) {
                throw HTTPError(.badRequest, message: "invalid header field name '\(invalid)'")
            }
            faultAction = .respond(status: status, headers: headers ?? [:], body: Array((body ?? "").utf8))
        case "delay":
            guard delayMs != nil else { throw HTTPError(.badRequest, message: "delay needs delay_ms") }
            faultAction = .proceed
        case "drop": faultAction = .drop
        case "stall": faultAction = .stall
        default: throw HTTPError(.badRequest, message: "action must be respond, delay, drop or stall")
        }
        return Fault(path: pattern, action: faultAction, delay: delay, count: untilCleared == true ? nil : count ?? 1)
    }
}

extension Response {
    /// A 200 answer with `value` as JSON (snake_case keys, ISO 8601 dates).
    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encodedJSON(try encoder.encode(value))
    }

    /// An answer whose body is JSON already encoded.
    static func encodedJSON(_ body: some Sequence<UInt8>, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
