public import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore

/// An HTTP request as the simulator received it.
public struct RecordedRequest: Sendable {
    /// The method, e.g. "POST".
    public let method: String
    /// The path, without the query, e.g. "/bot123/sendMessage".
    public let path: String
    /// The raw query, without "?"; "" when there is none.
    public let query: String
    /// Header fields in received order; a name may repeat.
    public let headers: [(name: String, value: String)]
    /// The body, byte for byte.
    public let body: [UInt8]
    /// When the request was received (once its body was in).
    public let time: Date

    init(_ request: Request, body: ByteBuffer) {
        method = request.method.rawValue
        path = request.uri.path
        query = request.uri.query ?? ""
        headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        self.body = Array(buffer: body)
        time = Date()
    }

    /// The value of the first header field called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The percent-decoded value of the query parameter `name`, if present.
    public func queryValue(_ name: String) -> String? {
        URI("?" + query).queryParameters[Substring(name)].map(String.init)
    }

    /// The body as UTF-8 text, or nil when it is not valid UTF-8.
    public var text: String? {
        String(validating: body, as: UTF8.self)
    }
}
