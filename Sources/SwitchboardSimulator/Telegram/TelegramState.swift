import Foundation

/// What the simulated Bot API knows: the chats users wrote in, every message, the
/// updates not yet confirmed, the waiting `getUpdates` and the webhook.
actor TelegramState {
    /// A user's message waiting to be confirmed.
    struct PendingUpdate {
        let id: Int
        let message: TelegramMessage
    }

    /// Update ids start here, as a real bot's are far from 1.
    static let firstUpdateID = 700_000_001

    let bot: TelegramUser
    let activity: AwaitableLog<TelegramActivity>
    let webhookRetryDelay: Duration
    var chats: [Int64: TelegramChat] = [:]
    var messages: [Int64: [TelegramMessage]] = [:]
    var pending: [PendingUpdate] = []
    var nextUpdateID = firstUpdateID
    /// The `allowed_updates` of the last getUpdates or setWebhook that gave one.
    var allowedUpdates: [String]?
    var poll: WaitingPoll?
    var nextPollID = 0
    var webhook: Webhook?
    var delivery: Task<Void, Never>?
    var deliveryWaiter: CheckedContinuation<Bool, Never>?

    init(bot: TelegramUser, activity: AwaitableLog<TelegramActivity>, webhookRetryDelay: Duration) {
        self.bot = bot
        self.activity = activity
        self.webhookRetryDelay = webhookRetryDelay
    }

    static var now: Int { Int(Date().timeIntervalSince1970) }

    /// A user's message: stored, and queued as an update.
    func receive(
        _ text: String, from user: TelegramUser, in chat: TelegramChat, threadID: Int?, replyTo: Int?, entities: [TelegramEntity]?
    ) -> TelegramMessage {
        chats[chat.id] = chat
        let message = TelegramMessage(
            messageID: nextMessageID(in: chat.id), chatID: chat.id, threadID: threadID, from: user, text: text,
            entities: entities ?? EntityDetector.entities(in: text), replyToMessageID: replyTo, updateID: nextUpdateID,
            editCount: 0, date: Self.now
        )
        nextUpdateID += 1
        messages[chat.id, default: []].append(message)
        pending.append(PendingUpdate(id: message.updateID!, message: message))
        endPoll(with: .newUpdates)
        wakeDelivery()
        return message
    }

    /// The bot's message, sent.
    func send(
        _ content: FormattedText, to chatID: Int64, threadID: Int?, replyTo: Int?, withoutMissingReply: Bool
    ) throws(TelegramAPIError) -> TelegramMessage {
        let chat = try knownChat(chatID)
        let thread = try topic(threadID, in: chat)
        var reply = replyTo
        if let replyTo, message(replyTo, in: chatID) == nil {
            guard withoutMissingReply else { throw .badRequest("message to be replied not found") }
            reply = nil
        }
        let message = TelegramMessage(
            messageID: nextMessageID(in: chatID), chatID: chatID, threadID: thread, from: bot, text: content.text,
            entities: content.entities, replyToMessageID: reply, updateID: nil, editCount: 0, date: Self.now
        )
        messages[chatID, default: []].append(message)
        return message
    }

    /// The bot's message `messageID`, with its new content.
    func edit(_ messageID: Int, in chatID: Int64, to content: FormattedText) throws(TelegramAPIError) -> TelegramMessage {
        _ = try knownChat(chatID)
        guard let index = messages[chatID]?.firstIndex(where: { $0.messageID == messageID }) else {
            throw .badRequest("message to edit not found")
        }
        var message = messages[chatID]![index]
        guard message.from.id == bot.id else { throw .badRequest("message can't be edited") }
        guard message.text != content.text || message.entities != content.entities else {
            throw .badRequest(
                "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
            )
        }
        message.text = content.text
        message.entities = content.entities
        message.editCount += 1
        message.editDate = Self.now
        messages[chatID]![index] = message
        return message
    }

    /// The chat `chatID`, if a user wrote in it.
    func knownChat(_ chatID: Int64) throws(TelegramAPIError) -> TelegramChat {
        guard let chat = chats[chatID] else { throw .chatNotFound }
        return chat
    }

    /// The topic a message to `chat` goes to: `threadID` must be one of a forum's
    /// topics (a thread users wrote in); other chats have none.
    func topic(_ threadID: Int?, in chat: TelegramChat) throws(TelegramAPIError) -> Int? {
        guard chat.isForum, let threadID else { return nil }
        guard messages[chat.id, default: []].contains(where: { $0.threadID == threadID }) else {
            throw .badRequest("message thread not found")
        }
        return threadID
    }

    func messages(inChat chatID: Int64) -> [TelegramMessage] {
        messages[chatID] ?? []
    }

    /// `message` as the Bot API shows it, with the message it replies to.
    func json(of message: TelegramMessage) -> TelegramJSON.Message {
        // A message is only ever stored in a chat already known.
        let chat = chats[message.chatID]!
        let replied = message.replyToMessageID.flatMap { self.message($0, in: message.chatID) }
        return TelegramJSON.Message(message, in: chat, replyingTo: replied.map { TelegramJSON.Message($0, in: chat) })
    }

    func update(_ update: PendingUpdate) -> TelegramJSON.Update {
        TelegramJSON.Update(updateId: update.id, message: json(of: update.message))
    }

    /// Forgets everything: chats, messages, updates, the webhook (its delivery stopped)
    /// and the waiting getUpdates (answered empty).
    func reset() async {
        await deleteWebhook(dropPendingUpdates: true)
        endPoll(with: .cancelled)
        chats = [:]
        messages = [:]
        pending = []
        nextUpdateID = Self.firstUpdateID
        allowedUpdates = nil
    }

    private func message(_ messageID: Int, in chatID: Int64) -> TelegramMessage? {
        messages[chatID]?.first { $0.messageID == messageID }
    }

    private func nextMessageID(in chatID: Int64) -> Int {
        (messages[chatID]?.last?.messageID ?? 0) + 1
    }
}
