import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The answers the page's server gives, with the header fields every answer carries.
enum WebResponses {
    /// Only the page's own script, style and requests; nothing inline, nothing external.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

    private static let common: [(name: String, value: String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ]

    static func html(_ status: Int, _ document: String, extraHeaders: [(name: String, value: String)] = []) -> HostHTTPResponse {
        HostHTTPResponse(status: status, headers: common + extraHeaders + [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Security-Policy", contentSecurityPolicy),
            ("Cache-Control", "no-store"),
        ], body: Array(document.utf8))
    }

    /// A file of the page (script, style, icon), the same for every browser.
    static func asset(_ contentType: String, _ text: String) -> HostHTTPResponse {
        HostHTTPResponse(status: 200, headers: common + [("Content-Type", contentType), ("Cache-Control", "no-cache")], body: Array(text.utf8))
    }

    static func json(_ status: Int, _ object: [String: String], extraHeaders: [(name: String, value: String)] = []) -> HostHTTPResponse {
        let body = (try? JSONEncoder().encode(object)) ?? Data("{}".utf8)
        return HostHTTPResponse(status: status, headers: common + extraHeaders + [
            ("Content-Type", "application/json"), ("Cache-Control", "no-store"),
        ], body: Array(body))
    }

    static func problem(_ status: Int, _ message: String, extraHeaders: [(name: String, value: String)] = []) -> HostHTTPResponse {
        json(status, ["error": message], extraHeaders: extraHeaders)
    }

    static func redirect(to location: String, extraHeaders: [(name: String, value: String)] = []) -> HostHTTPResponse {
        HostHTTPResponse(status: 303, headers: common + extraHeaders + [("Location", location), ("Cache-Control", "no-store")])
    }

    /// The head of an event stream; `replay` is its first piece.
    static func eventStream(_ replay: [UInt8]) -> HostHTTPResponse {
        HostHTTPResponse(status: 200, headers: common + [
            ("Content-Type", "text/event-stream; charset=utf-8"),
            ("Cache-Control", "no-store"),
            ("X-Accel-Buffering", "no"),  // tells a reverse proxy not to hold events back
        ], body: replay)
    }

    /// Escapes text for an HTML template.
    static func escapeHTML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Server-sent events (text/event-stream) the page listens to.
enum PageEvents {
    /// How long the browser waits before reconnecting, sent first.
    static let retry = Array("retry: 2000\n\n".utf8)
    /// A comment that keeps proxies from closing the stream and finds departed clients.
    static let keepAlive = Array(": ping\n\n".utf8)
    static let typing = Array("event: typing\ndata: {}\n\n".utf8)

    /// A message's full current state, under its change counter.
    static func message(_ entry: TranscriptEntry) -> [UInt8] {
        let data = (try? JSONEncoder().encode(entry)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Array("id: \(entry.seq)\nevent: message\ndata: \(data)\n\n".utf8)
    }

    /// The replay is over: the page has the whole conversation up to `seq`.
    static func synced(_ seq: UInt64) -> [UInt8] {
        Array("event: synced\ndata: {\"seq\":\(seq)}\n\n".utf8)
    }
}
