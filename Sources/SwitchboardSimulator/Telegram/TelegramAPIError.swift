/// A refusal as the Bot API words it: HTTP status `code`, body
/// `{"ok":false,"error_code":code,"description":…,"parameters":{"retry_after":N}}`.
struct TelegramAPIError: Error, Equatable {
    let code: Int
    let description: String
    var retryAfter: Int?

    static let unauthorized = TelegramAPIError(code: 401, description: "Unauthorized")
    static let notFound = TelegramAPIError(code: 404, description: "Not Found")
    static let chatNotFound = badRequest("chat not found")
    static let webhookActive = TelegramAPIError(
        code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    )
    static let otherPoller = TelegramAPIError(
        code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )

    /// 400 "Bad Request: <reason>".
    static func badRequest(_ reason: String) -> TelegramAPIError {
        TelegramAPIError(code: 400, description: "Bad Request: \(reason)")
    }

    /// 429 "Too Many Requests: retry after N" with `parameters.retry_after` N.
    static func tooManyRequests(retryAfter: Int) -> TelegramAPIError {
        TelegramAPIError(code: 429, description: "Too Many Requests: retry after \(retryAfter)", retryAfter: retryAfter)
    }
}
