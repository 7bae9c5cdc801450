/// Sends messages to the platform a channel is connected to.
public protocol ReplyTransport: Sendable {
    /// Sends `message` on its channel; returns the platform's id of the sent message.
    func send(_ message: OutboundMessage) async throws(ReplySendError) -> String?
}

/// Why a reply could not be sent.
public struct ReplySendError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// How long the platform asked to wait, when it rate-limited the send.
    public let retryAfter: Duration?
    /// Whether trying again may succeed (a lost link, a server error, a rate limit).
    public let isRetryable: Bool
    /// Whether the platform may have done it anyway (a timeout, a server error), so that
    /// repeating a call that is not idempotent risks doing it twice.
    public let mayHaveArrived: Bool

    public init(_ description: String, retryAfter: Duration? = nil, isRetryable: Bool, mayHaveArrived: Bool = false) {
        self.description = description
        self.retryAfter = retryAfter
        self.isRetryable = isRetryable
        self.mayHaveArrived = mayHaveArrived
    }
}
