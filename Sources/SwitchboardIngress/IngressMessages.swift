/// A webhook request for one channel, as received: the raw body is untouched, so a
/// provider can check a signature over the exact bytes.
public struct IngressRequest: Sendable {
    /// The method, e.g. "POST".
    public var method: String
    /// The path below the channel's root, starting with "/" ("/" for the root itself).
    public var path: String
    /// The raw query without "?", "" when there is none.
    public var query: String
    /// Header fields in received order.
    public var headers: [(name: String, value: String)]
    /// The raw body.
    public var body: [UInt8]

    public init(method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// The answer to an `IngressRequest`.
public struct IngressResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// The whole body, or with `stream` its first piece.
    public var body: [UInt8]
    /// The rest of the body, written while the client reads, or nil for a body sent whole.
    /// When the response is dropped unsent, the stream is told no one reads it.
    public var stream: IngressBodyStream? {
        get { lease?.stream }
        set { lease = newValue.map(IngressStreamLease.init) }
    }
    var lease: IngressStreamLease?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text answer from the host itself.
    public static func hostMessage(_ status: Int, _ text: String) -> IngressResponse {
        IngressResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array((text + "\n").utf8))
    }
}

/// Where the requests for a channel go.
public enum IngressTarget: Sendable {
    /// No such channel: 404.
    case unknown
    /// The channel exists but does not listen now: 503.
    case notListening
    /// The channel's handler answers.
    case handler(@Sendable (IngressRequest) async -> IngressResponse)
}
