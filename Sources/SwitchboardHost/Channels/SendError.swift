import CSwitchboardABI

/// Why a channel could not send, edit or stream a message.
public struct SendError: Error, Sendable, CustomStringConvertible {
    let code: ResultCode
    /// What the plugin or host said went wrong.
    public let message: String
    /// How long the platform asked to wait before trying again, when it rate-limited us.
    public let retryAfter: Duration?

    init(code: ResultCode, message: String, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    init(_ result: sb_send_result) {
        let code = ResultCode(rawValue: result.code)
        self.init(
            code: code,
            message: String(borrowing: result.error_message) ?? code.description,
            retryAfter: result.code == SB_ERR_RATE_LIMITED && result.retry_after_ms > 0
                ? .milliseconds(result.retry_after_ms) : nil
        )
    }

    /// The channel is not running.
    static func notConnected(_ channelID: String) -> SendError {
        SendError(code: .notConnected, message: "channel '\(channelID)' is not running")
    }

    public var description: String {
        code.description == message ? message : "\(message) (\(code))"
    }
}
