import CSwitchboardABI
import SwitchboardProviderKit

/// One Telegram bot serving one channel.
///
/// Start signs in (`getMe`, which also tells the bot's name for addressing in groups),
/// then receives updates by long polling or through the webhook. Replies: plain and
/// Markdown messages (sent as Telegram HTML, again as plain text if Telegram cannot
/// parse it), drafts streamed in private chats, edits of a placeholder elsewhere, and
/// the typing indicator.
final class TelegramProvider: EditingProvider, TypingProvider, StreamingProvider {
    let host: ProviderHost
    let settings: TelegramSettings
    let api: BotAPI
    private let ledger: SentLedger
    /// The bot's identity, once signed in.
    var inbound: InboundMessages?
    private(set) var isStopped = false
    /// Calls the channel makes for itself (sign-in, polling, webhook set-up), cancelled by stop().
    var ownCalls: Set<UInt64> = []
    /// Host operations waiting for Telegram, by request id; failed by stop().
    private var pendingOperations: [UInt64: SendCompletion] = [:]
    /// Open draft streams, by stream id.
    private var drafts: [String: Draft] = [:]
    private var lastDraftID = Int.random(in: 1...1_000_000)

    // Polling state (TelegramProvider+Polling.swift).
    /// The next getUpdates offset: one past the last update the host stored.
    var pollOffset: Int?
    var consecutivePollFailures = 0
    // Webhook state (TelegramProvider+Webhook.swift).
    /// The secret Telegram sends with each webhook request, once the webhook is set.
    var webhookSecret: String?

    /// A reply being previewed with sendMessageDraft.
    private struct Draft {
        let chatID: Int64
        let threadID: Int?
        let replyTo: Int?
        let draftID: Int
        /// The ledger key of the final message.
        let key: String?
        /// The final message, when it was sent before (the answer streams again after a crash).
        let sentAs: String?
    }

    init(host: ProviderHost, settings: TelegramSettings) throws(ProviderError) {
        self.host = host
        self.settings = settings
        api = BotAPI(host: host, baseURL: settings.api_base_url, token: settings.bot_token)
        ledger = SentLedger(host: host)
    }

    /// Also after a lost link: the host stops the instance and starts it again.
    func start() throws(ProviderError) {
        isStopped = false
        consecutivePollFailures = 0
        webhookSecret = nil
        if settings.mode == .webhook { try listenForWebhookRequests() }
        host.log(.info, "signing in at \(api.baseURL) (\(settings.mode.rawValue) mode)")
        callOwn("getMe", NoParameters(), returning: User.self) { [unowned self] result in
            switch result {
            case let .success(me):
                guard let username = me.username, me.isBot else {
                    return host.setStatus(.failed, detail: "the token does not belong to a bot (getMe answered user \(me.id))")
                }
                inbound = InboundMessages(botID: me.id, botUsername: username.lowercased())
                host.log(.notice, "signed in as @\(username)")
                switch settings.mode {
                case .polling: startPolling()
                case .webhook: registerWebhook()
                }
            case let .failure(error):
                lose(error, while: "signing in (getMe)")
            }
        }
    }

    func stop() {
        isStopped = true
        for id in ownCalls { api.cancel(id) }
        ownCalls.removeAll()
        for (id, completion) in pendingOperations {
            api.cancel(id)
            completion.fail(ProviderError(code: SB_ERR_SHUTTING_DOWN, message: "the channel is stopping"))
        }
        pendingOperations.removeAll()
        drafts.removeAll()
    }

    // MARK: Replies

    func send(_ message: OutgoingMessage, completion: SendCompletion) {
        guard let chatID = telegramChatID(message.chatID, failing: completion) else { return }
        let threadID = message.threadID.flatMap { Int($0) }
        let replyTo = message.replyToID.flatMap(InboundMessages.telegramMessageID)
        sendMessage(chatID: chatID, threadID: threadID, replyTo: replyTo, text: message.text, isMarkdown: message.isMarkdown,
                    key: message.idempotencyKey, completion: completion)
    }

    func edit(_ edit: MessageEdit, completion: SendCompletion) {
        guard let chatID = Int64(edit.chatID), let messageID = InboundMessages.telegramMessageID(edit.messageID) else {
            return completion.fail(.invalidArgument("'\(edit.chatID)', '\(edit.messageID)' is not a Telegram message"))
        }
        callFormatted("editMessageText", text: edit.text, isMarkdown: edit.isMarkdown, returning: SentMessage.self, completion: completion) {
            EditMessageTextRequest(chatID: chatID, messageID: messageID, text: $0, parseMode: $1)
        } success: { _ in
            completion.succeed(messageID: edit.messageID)
        }
    }

    func showTyping(inChat chatID: String, threadID: String?, completion: SendCompletion) {
        guard let chat = telegramChatID(chatID, failing: completion) else { return }
        let request = SendChatActionRequest(chatID: chat, messageThreadID: threadID.flatMap { Int($0) })
        operation("sendChatAction", request, returning: Bool.self, completion: completion) { _ in completion.succeed(messageID: nil) }
    }

    // MARK: Drafts (private chats)

    func beginStream(for target: OutgoingMessage, completion: SendCompletion) {
        guard target.isPrivateChat else { return completion.fail(.unsupported("Telegram shows drafts in private chats only")) }
        guard let chatID = telegramChatID(target.chatID, failing: completion) else { return }
        lastDraftID = lastDraftID == Int(Int32.max) ? 1 : lastDraftID + 1
        // One answer per question: the question's id keys the final message.
        let key = target.idempotencyKey ?? target.replyToID.map { "answer:\($0)" }
        let draft = Draft(chatID: chatID, threadID: target.threadID.flatMap { Int($0) },
                          replyTo: target.replyToID.flatMap(InboundMessages.telegramMessageID), draftID: lastDraftID,
                          key: key, sentAs: key.flatMap(ledger.messageID(for:)))
        let streamID = "\(chatID)/draft-\(draft.draftID)"
        guard draft.sentAs == nil else {
            drafts[streamID] = draft  // shown already: nothing to preview
            return completion.succeed(messageID: streamID)
        }
        // An empty draft shows "Thinking…" until the first text arrives.
        let request = SendMessageDraftRequest(chatID: chatID, messageThreadID: draft.threadID, draftID: draft.draftID, text: "")
        operation("sendMessageDraft", request, returning: Bool.self, completion: completion) { [unowned self] _ in
            drafts[streamID] = draft
            completion.succeed(messageID: streamID)
        }
    }

    func updateStream(_ streamID: String, with update: StreamUpdate, completion: SendCompletion) {
        guard let draft = drafts[streamID] else { return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "no open draft \(streamID)")) }
        guard draft.sentAs == nil else { return completion.succeed(messageID: streamID) }
        callFormatted("sendMessageDraft", text: update.fullText, isMarkdown: update.isMarkdown, returning: Bool.self, completion: completion) {
            SendMessageDraftRequest(chatID: draft.chatID, messageThreadID: draft.threadID, draftID: draft.draftID, text: $0, parseMode: $1)
        } success: { _ in
            completion.succeed(messageID: streamID)
        }
    }

    /// The draft becomes a real message with the final text (drafts vanish by themselves).
    /// A failed or interrupted answer is not kept in the ledger, so that when its turn
    /// runs again the whole answer is sent.
    func finishStream(_ streamID: String, with update: StreamUpdate, failed: Bool, completion: SendCompletion) {
        guard let draft = drafts.removeValue(forKey: streamID) else {
            return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "no open draft \(streamID)"))
        }
        if let sent = draft.sentAs { return completion.succeed(messageID: sent) }
        guard !update.fullText.allSatisfy(\.isWhitespace) else { return completion.succeed(messageID: nil) }
        sendMessage(chatID: draft.chatID, threadID: draft.threadID, replyTo: draft.replyTo, text: update.fullText,
                    isMarkdown: update.isMarkdown, key: failed ? nil : draft.key, completion: completion)
    }

    // MARK: Calls

    /// Telegram's number for a host chat id; nil, with `completion` failed, when it is none.
    private func telegramChatID(_ chatID: String, failing completion: SendCompletion) -> Int64? {
        guard let number = Int64(chatID) else {
            completion.fail(.invalidArgument("'\(chatID)' is not a Telegram chat id"))
            return nil
        }
        return number
    }

    /// Sends a message, once per ledger `key`: a key sent before succeeds with the
    /// message sent then.
    private func sendMessage(chatID: Int64, threadID: Int?, replyTo: Int?, text: String, isMarkdown: Bool, key: String?,
                             completion: SendCompletion) {
        if let key, let sent = ledger.messageID(for: key) {
            host.log(.notice, "not sending a reply again that went out before (key \(key))")
            return completion.succeed(messageID: sent)
        }
        callFormatted("sendMessage", text: text, isMarkdown: isMarkdown, returning: SentMessage.self, completion: completion) {
            SendMessageRequest(chatID: chatID, text: $0, parseMode: $1, messageThreadID: threadID,
                               replyParameters: replyTo.map { .init(messageID: $0) })
        } success: { [unowned self] sent in
            let messageID = InboundMessages.messageID(chat: chatID, message: sent.messageID)
            if let key { ledger.record(messageID, for: key) }
            completion.succeed(messageID: messageID)
        }
    }

    /// Calls `method` with text, formatted as Telegram HTML when it is Markdown; when
    /// Telegram cannot parse the formatting, calls again with the text as it is, so no
    /// text is lost to a formatting mistake. `parameters` builds the call from the text
    /// and its parse_mode. [instance-executor]
    private func callFormatted<Result: Decodable, Parameters: Encodable>(
        _ method: String, text: String, isMarkdown: Bool, returning: Result.Type, completion: SendCompletion,
        parameters: @escaping (_ text: String, _ parseMode: String?) -> Parameters, success: @escaping (Result) -> Void
    ) {
        let first = isMarkdown ? parameters(TelegramHTML.render(text), "HTML") : parameters(text, nil)
        operation(method, first, returning: Result.self, completion: completion, success: success) { [unowned self] error in
            guard isMarkdown, error.isFormattingRejected else { return false }
            host.log(.warning, "\(method): Telegram could not parse the formatting (\(error)); sending it as plain text")
            operation(method, parameters(text, nil), returning: Result.self, completion: completion, success: success)
            return true
        }
    }

    /// Calls `method` for a host operation: `success` completes it; a failure fails it
    /// in the host's terms (retry_after included) unless `recover` takes it over.
    /// [instance-executor]
    private func operation<Result: Decodable>(
        _ method: String, _ parameters: some Encodable, returning: Result.Type, completion: SendCompletion,
        success: @escaping (Result) -> Void, recover: @escaping (BotAPIError) -> Bool = { _ in false }
    ) {
        var requestID: UInt64 = 0
        do {
            requestID = try api.call(method, parameters, returning: Result.self) { [unowned self] result in
                guard pendingOperations.removeValue(forKey: requestID) != nil else { return }
                switch result {
                case let .success(value):
                    success(value)
                case let .failure(error):
                    if recover(error) { return }
                    let retryAfter = error.retryAfter.map { Int64($0.components.seconds) * 1000 } ?? 0
                    completion.fail(error.providerError, retryAfterMilliseconds: retryAfter)
                }
            }
            pendingOperations[requestID] = completion
        } catch {
            completion.fail(error.providerError)
        }
    }

    /// Calls `method` for the channel itself; stop() cancels it. [instance-executor]
    func callOwn<Result: Decodable>(
        _ method: String, _ parameters: some Encodable, returning: Result.Type, timeout: Duration? = nil,
        completion: @escaping (Swift.Result<Result, BotAPIError>) -> Void
    ) {
        guard !isStopped else { return }
        var requestID: UInt64 = 0
        do {
            requestID = try api.call(method, parameters, returning: Result.self, timeout: timeout) { [unowned self] result in
                ownCalls.remove(requestID)
                completion(result)
            }
            ownCalls.insert(requestID)
        } catch {
            completion(.failure(error))
        }
    }

    /// Reports a failure of the channel's own calls: a rejected token or a refusal that
    /// will not change stops the channel; anything else is a lost link, which the host
    /// answers by starting the channel again after a while. [instance-executor]
    func lose(_ error: BotAPIError, while doing: String) {
        guard !isStopped else { return }
        if error.isUnauthorized {
            host.setStatus(.failed, detail: "Telegram rejected the bot token (401 Unauthorized): check settings.bot_token")
        } else if error.isTransient || error.isConflict {
            host.setStatus(.disconnected, detail: "\(doing): \(error)")
        } else {
            host.setStatus(.failed, detail: "\(doing): \(error)")
        }
    }

    /// Runs `fire` after `delay` unless the channel stops first. [instance-executor]
    func after(_ delay: Duration, _ fire: @escaping () -> Void) {
        _ = try? host.scheduleTimer(after: delay) { [unowned self] in
            if !isStopped { fire() }
        }
    }
}
