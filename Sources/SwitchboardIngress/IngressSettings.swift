/// How the ingress server listens and what it accepts.
public struct IngressSettings: Sendable {
    /// The address to bind, loopback by default.
    public var host: String
    /// The port; 0 lets the system choose.
    public var port: Int
    /// The largest request body accepted; a larger one is answered 413 unread.
    public var maxBodySize: Int
    /// How long a client may take to send the body (408 after) and the channel to
    /// answer (504 after).
    public var answerTimeout: Duration
    /// How long a connection may send nothing before it is closed (slow or stalled clients).
    public var idleTimeout: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = 1 << 20,
                answerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.answerTimeout = answerTimeout
        self.idleTimeout = idleTimeout
    }
}
