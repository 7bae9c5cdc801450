import Foundation

/// The Telegram Bot API on `SimulatorServer`: paths `/bot<token>/<method>`.
///
/// Methods: getMe, getUpdates (long polls), setWebhook, deleteWebhook, getWebhookInfo,
/// sendMessage, editMessageText, sendMessageDraft and sendChatAction, answered as
/// Telegram answers them (see docs/simulators.md, "Telegram"). Users are scripted:
/// `userSends` (or `POST /_sim/telegram/messages`) makes a message and its update.
///
/// Control routes, under `/_sim/telegram/`:
/// - `POST messages`: a user's message (`{"chat","from","text",…}`); answers its Update.
/// - `GET chats/{id}/messages`: the chat's messages, as Bot API Messages.
/// - `GET activity`: what the bot did, `[{"kind":"sent|edited|draft|chat_action",…}]`.
/// - `GET bot`: `{"token","user"}`.
public struct TelegramSimulator: PlatformSimulator {
    public static let name = "telegram"
    /// A token shaped like a real one.
    public static let defaultToken = "123456789:AAHsimulatorTOKENsimulatorTOKENxyz0"

    /// The bot's own user (`is_bot` true).
    public let bot: TelegramUser
    /// The bot's token.
    public let token: String
    let state: TelegramState
    private let activityLog = AwaitableLog<TelegramActivity>()

    /// - Parameter webhookRetryDelay: How long after a failed webhook delivery the update is posted again.
    public init(
        bot: TelegramUser = .defaultBot, token: String = TelegramSimulator.defaultToken,
        webhookRetryDelay: Duration = .milliseconds(200)
    ) {
        self.bot = bot
        self.token = token
        state = TelegramState(bot: bot, activity: activityLog, webhookRetryDelay: webhookRetryDelay)
    }

    /// Everything the bot did that users see, oldest first: awaitable.
    public var activity: AwaitableLog<TelegramActivity> { activityLog }

    /// A user writes in a chat: the message becomes an update (for getUpdates or the
    /// webhook). Entities are derived from the text (a `bot_command` at offset 0,
    /// `@username` mentions, `http(s)://` urls) unless given. Returns the message as
    /// stored, with its `messageID` (unique in the chat) and its update's id.
    @discardableResult
    public func userSends(
        _ text: String, from user: TelegramUser, in chat: TelegramChat, threadID: Int? = nil,
        replyTo messageID: Int? = nil, entities: [TelegramEntity]? = nil
    ) async -> TelegramMessage {
        await state.receive(text, from: user, in: chat, threadID: threadID, replyTo: messageID, entities: entities)
    }

    /// Every message in the chat, users' and the bot's, with their current text, oldest first.
    public func messages(inChat chatID: Int64) async -> [TelegramMessage] {
        await state.messages(inChat: chatID)
    }

    /// Updates not yet confirmed (by a getUpdates offset or a 2xx from the webhook).
    public func pendingUpdateCount() async -> Int {
        await state.pending.count
    }

    /// The webhook URL set, or nil.
    public func webhookURL() async -> String? {
        await state.webhook?.settings.url
    }

    /// A fault that answers `method` (spelled as the client sends it) as Telegram does
    /// when it refuses: status `errorCode` and
    /// `{"ok":false,"error_code":N,"description":…,"parameters":{"retry_after":N}}`
    /// (`parameters` only with `retryAfter`).
    public func errorFault(method: String, errorCode: Int, description: String, retryAfter: Int? = nil, count: Int? = 1) -> Fault {
        let error = TelegramAPIError(code: errorCode, description: description, retryAfter: retryAfter)
        let body = String(decoding: TelegramJSON.encode(TelegramJSON.Failure(error)), as: UTF8.self)
        return .respond(.exact("/bot\(token)/\(method)"), status: errorCode, headers: ["Content-Type": "application/json"], body: body, count: count)
    }

    /// 429 "Too Many Requests: retry after N" with `parameters.retry_after` N.
    public func rateLimitFault(method: String, retryAfter: Int, count: Int? = 1) -> Fault {
        let error = TelegramAPIError.tooManyRequests(retryAfter: retryAfter)
        return errorFault(method: method, errorCode: error.code, description: error.description, retryAfter: retryAfter, count: count)
    }

    /// Forgets chats, messages, updates, the webhook and the activity.
    public func reset() async {
        await state.reset()
        await activityLog.removeAll()
    }
}
