/// How to open a `WebSocketConnection`.
public struct WebSocketOptions: Sendable {
    /// A ws:// or wss:// URL.
    public var url: String
    /// Header fields for the opening handshake.
    public var headers: [(name: String, value: String)]
    /// How often to ping; the connection is dropped when a ping is still unanswered when
    /// the next is due. nil for no pings. The peer's pings are always answered.
    public var pingInterval: Duration?
    /// The longest connecting, the TLS handshake and the opening handshake may take.
    public var connectTimeout: Duration
    /// The largest message accepted, in bytes; a larger one fails the connection.
    public var maxMessageSize: Int
    /// An http:// proxy to tunnel through, "" for none, nil to follow `http_proxy` and
    /// `https_proxy` (and `no_proxy`).
    public var proxy: String?
    /// A PEM file of trusted CA certificates, instead of the system's; nil for the system's.
    public var caBundle: String?

    public init(
        url: String,
        headers: [(name: String, value: String)] = [],
        pingInterval: Duration? = nil,
        connectTimeout: Duration = .seconds(10),
        maxMessageSize: Int = 1 << 20,
        proxy: String? = nil,
        caBundle: String? = nil
    ) {
        self.url = url
        self.headers = headers
        self.pingInterval = pingInterval
        self.connectTimeout = connectTimeout
        self.maxMessageSize = maxMessageSize
        self.proxy = proxy
        self.caBundle = caBundle
    }
}
