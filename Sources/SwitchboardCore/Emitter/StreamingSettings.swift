/// How a channel streams replies. Defaults suit most platforms' rate limits.
public struct StreamingSettings: Sendable, Equatable {
    /// At most one edit or stream update per this interval.
    public var updateInterval: Duration = .seconds(1)
    /// An update waits for at least this many new characters (a pause in the agent's
    /// writing flushes fewer after `updateInterval`).
    public var minimumNewCharacters = 20
    /// What the edit strategy shows before the first text.
    public var placeholder = "Thinking…"
    /// How often the typing indicator is renewed while nothing is visible yet.
    public var typingInterval: Duration = .seconds(4)
    /// A draft preview that has not changed is sent again after this long: drafts are
    /// ephemeral (Telegram keeps one for 30 s), and past the first message's limit the
    /// preview stops changing until the answer is complete.
    public var draftRefreshInterval: Duration = .seconds(20)
    /// Attempts at one platform call before giving up on it (a stream then falls back
    /// to sending the rest whole).
    public var attempts = 3
    /// The wait before the second attempt, doubling; a platform's retry-after wins.
    public var retryDelay: Duration = .seconds(1)

    public init() {}
}

/// What became of a streamed reply.
public struct EmittedReply: Sendable {
    /// The agent's whole answer.
    public let text: String
    /// The agent's failure, if it failed.
    public let agentError: (any Error)?
    /// Whether a streaming operation failed, so streaming stopped.
    public let fellBack: Bool
    /// What users have not seen and the emitter did not show: the rest of the answer
    /// after a fallback, the last block, or the whole answer for `sync`. The caller
    /// delivers it as plain messages (through the durable outbox).
    public let undelivered: String
    /// What to tell the user about the agent's failure, unless the emitter already
    /// showed it (in place of the edit strategy's placeholder).
    public let failureNotice: String?
}
