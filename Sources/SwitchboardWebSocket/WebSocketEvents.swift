/// One message of a WebSocket connection.
public enum WebSocketPayload: Sendable, Equatable {
    /// UTF-8 text.
    case text(String)
    /// Bytes.
    case binary([UInt8])
}

/// How a WebSocket connection ended.
public enum WebSocketEnding: Sendable, Equatable {
    /// The peer closed it with a close frame carrying this code and reason.
    case closed(code: Int, reason: String?)
    /// It failed: never opened, dropped, or broke the protocol.
    case failed(WebSocketFailure)
}

/// Why a WebSocket connection failed. The description names the server, never the URL's
/// path or query (they may hold tickets), so it can be logged as it is.
public struct WebSocketFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
        /// The URL is not ws:// or wss://, or the handshake fields cannot be sent.
        case invalidRequest
        /// No connection within the connect timeout, or the peer refused the handshake.
        case connectFailed
        /// The connection broke without a close frame (also when pings went unanswered).
        case dropped
        /// The peer sent a message over the size limit.
        case messageTooLarge
        /// The peer broke the WebSocket protocol (garbage frames, invalid UTF-8 text).
        case protocolViolation
    }

    public let kind: Kind
    /// The URL's host and port.
    public let server: String
    /// The details.
    public let reason: String

    public init(_ kind: Kind, server: String, reason: String) {
        self.kind = kind
        self.server = server
        self.reason = reason
    }

    public var description: String {
        "WebSocket connection to \(server): \(reason)"
    }
}

/// Receives one connection's events: `didOpen` once, then messages, then `didEnd`
/// once, unless `WebSocketConnection.close` came first (then nothing more).
/// Called one at a time, in order, from a task of the connection; must not block.
public protocol WebSocketDelegate: AnyObject, Sendable {
    func webSocketDidOpen()
    func webSocketDidReceive(_ payload: WebSocketPayload)
    func webSocketDidEnd(_ ending: WebSocketEnding)
}
