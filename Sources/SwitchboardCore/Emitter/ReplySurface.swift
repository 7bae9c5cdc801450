/// Where one reply goes: a chat (and thread) on a channel, quoting the user's message,
/// and how its text is written.
public struct ReplyTarget: Sendable, Hashable {
    public var channelID: String
    public var chatID: String
    public var chatType: ChatType
    public var threadID: String?
    public var replyToID: String?
    /// The format of every text shown for the reply: sent, edited or streamed.
    public var format: TextFormat

    public init(channelID: String, chatID: String, chatType: ChatType, threadID: String? = nil, replyToID: String? = nil,
                format: TextFormat = .plain) {
        self.channelID = channelID
        self.chatID = chatID
        self.chatType = chatType
        self.threadID = threadID
        self.replyToID = replyToID
        self.format = format
    }

    /// The reply to `message`, written in `format`.
    public init(replyingTo message: InboundMessage, format: TextFormat = .plain) {
        self.init(channelID: message.channelID, chatID: message.chatID, chatType: message.chatType,
                  threadID: message.threadID, replyToID: message.messageID, format: format)
    }

    /// A message with `text` for this target.
    public func message(_ text: String, idempotencyKey: String? = nil) -> OutboundMessage {
        OutboundMessage(channelID: channelID, chatID: chatID, chatType: chatType, text: text, format: format,
                        replyToID: replyToID, threadID: threadID, idempotencyKey: idempotencyKey)
    }
}

/// The outbound operations of the channels: what the emitter uses to show a reply.
///
/// Implementation requirements: each operation goes to the provider of
/// `target.channelID`; an operation the provider did not declare throws a
/// non-retryable `ReplySendError`.
public protocol ReplySurface: ReplyTransport {
    /// What the channel's provider declared, or nil for an unknown channel.
    func capabilities(of channelID: String) async -> ProviderCapabilities?
    /// Replaces the text of a sent message. Unchanged text is not an error.
    func edit(messageID: String, in target: ReplyTarget, text: String) async throws(ReplySendError)
    /// Shows the typing indicator for a few seconds.
    func showTyping(in target: ReplyTarget) async throws(ReplySendError)
    /// Opens a streamed reply; returns its stream id.
    func beginStream(in target: ReplyTarget) async throws(ReplySendError) -> String
    /// Shows more of a streamed reply: all text so far, what was added since the last
    /// update, and optionally progress to show with it.
    func updateStream(_ streamID: String, in target: ReplyTarget, fullText: String, delta: String, status: String?) async throws(ReplySendError)
    /// Closes a streamed reply with its final text; returns the final message's id.
    func finishStream(_ streamID: String, in target: ReplyTarget, finalText: String, failed: Bool) async throws(ReplySendError) -> String?
}
