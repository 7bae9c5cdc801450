/// One HTTP request for `HTTPClient`.
public struct HTTPRequest: Sendable {
    /// The method, e.g. "GET" or "POST".
    public var method: String
    /// An absolute http or https URL.
    public var url: String
    /// Header fields in sending order; a name may repeat.
    public var headers: [(name: String, value: String)]
    /// The body; sent when not empty, and always for POST, PUT and PATCH.
    public var body: [UInt8]
    /// The longest the whole exchange may take, connecting included.
    public var timeout: Duration
    /// The longest connecting (and the TLS handshake) may take; by default 10 s, or the
    /// whole timeout when that is shorter.
    public var connectTimeout: Duration
    /// The longest the server may send nothing (no header, no body byte) before the
    /// request fails as timed out; nil for no such limit. Catches stalled streams.
    public var idleTimeout: Duration?
    /// The largest response body accepted, in bytes; nil for the client's limit.
    public var maxResponseBodySize: Int?

    public init(
        method: String = "GET",
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        timeout: Duration = .seconds(30),
        connectTimeout: Duration? = nil,
        idleTimeout: Duration? = nil,
        maxResponseBodySize: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout ?? min(timeout, .seconds(10))
        self.idleTimeout = idleTimeout
        self.maxResponseBodySize = maxResponseBodySize
    }
}
