import CSwitchboardABI

/// A message a user sent, to hand to the host with `ProviderHost.deliver`.
public struct IncomingMessage: Sendable {
    public enum ChatType: Sendable { case `private`, group }

    public var messageID: String
    public var chatID: String
    public var chatType: ChatType
    public var senderID: String
    public var senderName: String?
    public var text: String
    public var mentionsBot: Bool
    public var replyToID: String?
    public var threadID: String?
    /// Unix milliseconds; 0 lets the host use the arrival time.
    public var timestampMilliseconds: Int64
    public var rawJSON: String?

    public init(
        messageID: String, chatID: String, chatType: ChatType, senderID: String, senderName: String? = nil,
        text: String, mentionsBot: Bool = false, replyToID: String? = nil, threadID: String? = nil,
        timestampMilliseconds: Int64 = 0, rawJSON: String? = nil
    ) {
        self.messageID = messageID
        self.chatID = chatID
        self.chatType = chatType
        self.senderID = senderID
        self.senderName = senderName
        self.text = text
        self.mentionsBot = mentionsBot
        self.replyToID = replyToID
        self.threadID = threadID
        self.timestampMilliseconds = timestampMilliseconds
        self.rawJSON = rawJSON
    }
}

/// A message the host asks the provider to send.
public struct OutgoingMessage: Sendable {
    public var chatID: String
    public var isPrivateChat: Bool
    public var text: String
    public var isMarkdown: Bool
    public var replyToID: String?
    public var threadID: String?
    /// The same each time the host sends this reply again; pass it to platforms that drop repeats.
    public var idempotencyKey: String?

    /// The ABI 1.0 size of `sb_outbound_message`.
    static let requiredSize = HostStructs.end(of: \sb_outbound_message.idempotency_key)

    init(_ raw: sb_outbound_message) {
        chatID = raw.chat_id.map { String(cString: $0) } ?? ""
        isPrivateChat = raw.chat_type == SB_CHAT_PRIVATE
        text = raw.text.map { String(cString: $0) } ?? ""
        isMarkdown = raw.format == SB_FORMAT_MARKDOWN
        replyToID = raw.reply_to_id.map { String(cString: $0) }
        threadID = raw.thread_id.map { String(cString: $0) }
        idempotencyKey = raw.idempotency_key.map { String(cString: $0) }
    }
}

/// The one-shot completion of an outbound operation. Call exactly one of its
/// methods exactly once, from any thread.
public struct SendCompletion: @unchecked Sendable {
    private let callback: sb_send_callback
    private let token: UnsafeMutableRawPointer?

    /// The completion of an operation the host started, or nil when it passed no callback
    /// (then nothing can be reported and the operation is skipped).
    init?(callback: sb_send_callback?, token: UnsafeMutableRawPointer?) {
        guard let callback else { return nil }
        self.callback = callback
        self.token = token
    }

    /// The operation succeeded; `messageID` is the platform's id of the message.
    public func succeed(messageID: String?) {
        complete(code: SB_OK, messageID: messageID, errorMessage: nil, retryAfterMilliseconds: 0)
    }

    /// The operation failed; `retryAfterMilliseconds` goes with `SB_ERR_RATE_LIMITED`.
    public func fail(_ error: ProviderError, retryAfterMilliseconds: Int64 = 0) {
        complete(code: error.code, messageID: nil, errorMessage: error.message, retryAfterMilliseconds: retryAfterMilliseconds)
    }

    private func complete(code: Int32, messageID: String?, errorMessage: String?, retryAfterMilliseconds: Int64) {
        withOptionalCString(messageID) { messageID in
            withOptionalCString(errorMessage) { errorMessage in
                var result = sb_send_result()
                result.struct_size = UInt32(MemoryLayout<sb_send_result>.size)
                result.code = code
                result.message_id = messageID
                result.error_message = errorMessage
                result.retry_after_ms = retryAfterMilliseconds
                callback(token, &result)
            }
        }
    }
}

/// Calls `body` with a C copy of `string`, or NULL for nil.
func withOptionalCString<T>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> T) -> T {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
