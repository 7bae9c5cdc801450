/// Where a `SimulatorServer` listens and what it accepts.
public struct SimulatorConfiguration: Sendable {
    /// The address to bind. Default "127.0.0.1": a simulator is for this machine only.
    public var host: String
    /// The port to bind; 0 (the default) for any free port, read back from
    /// `SimulatorServer.port` once started.
    public var port: Int
    /// The largest request body recorded and handed to the platform, in bytes
    /// (default 64 MiB). A larger body is answered 413.
    public var maxRequestBodySize: Int
    /// The largest WebSocket message accepted, in bytes (default 1 MiB).
    public var maxWebSocketMessageSize: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        maxRequestBodySize: Int = 64 * 1024 * 1024,
        maxWebSocketMessageSize: Int = 1024 * 1024
    ) {
        self.host = host
        self.port = port
        self.maxRequestBodySize = maxRequestBodySize
        self.maxWebSocketMessageSize = maxWebSocketMessageSize
    }
}
