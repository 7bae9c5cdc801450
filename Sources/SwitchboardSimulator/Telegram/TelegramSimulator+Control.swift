public import Hummingbird

/// The control routes, mounted at `/_sim/telegram/`.
extension TelegramSimulator {
    public func addControlRoutes(to group: RouterGroup<SimulatorContext>) {
        group.post("messages") { request, context in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let posted: UserMessageJSON
            do {
                posted = try TelegramJSON.decoder.decode(UserMessageJSON.self, from: body)
            } catch {
                throw HTTPError(.badRequest, message: "the body must be {\"chat\",\"from\",\"text\",…}: \(error)")
            }
            let message = await userSends(
                posted.text, from: posted.from.user, in: try posted.telegramChat(), threadID: posted.messageThreadId,
                replyTo: posted.replyToMessageId, entities: posted.entities?.map(\.entity)
            )
            return try Response.json(TelegramJSON.Update(updateId: message.updateID!, message: await state.json(of: message)))
        }
        group.get("chats/:id/messages") { _, context in
            let chatID = try context.parameters.require("id", as: Int64.self)
            var messages: [TelegramJSON.Message] = []
            for message in await state.messages(inChat: chatID) { messages.append(await state.json(of: message)) }
            return try Response.json(messages)
        }
        group.get("activity") { _, _ in
            var entries: [ActivityJSON] = []
            for activity in await activity.all { entries.append(await ActivityJSON(activity, state: state)) }
            return try Response.json(entries)
        }
        group.get("bot") { _, _ in
            try Response.json(BotJSON(token: token, user: TelegramJSON.User(bot)))
        }
    }
}

/// The body of `POST /_sim/telegram/messages`.
private struct UserMessageJSON: Decodable {
    struct Chat: Decodable {
        let id: Int64
        let type: String
        let title: String?
        let isForum: Bool?
    }

    let chat: Chat
    let from: TelegramJSON.User
    let text: String
    let messageThreadId: Int?
    let replyToMessageId: Int?
    let entities: [TelegramJSON.Entity]?

    /// The chat, a private one being with the sender.
    func telegramChat() throws -> TelegramChat {
        guard let kind = TelegramChat.Kind(rawValue: chat.type) else {
            throw HTTPError(.badRequest, message: "chat.type must be private, group, supergroup or channel")
        }
        if kind == .private { return .privateChat(with: from.user) }
        return TelegramChat(id: chat.id, kind: kind, title: chat.title, isForum: chat.isForum ?? false)
    }
}

/// An entry of `GET /_sim/telegram/activity`.
private struct ActivityJSON: Encodable {
    let kind: String
    var message: TelegramJSON.Message?
    var chatId: Int64?
    var messageThreadId: Int?
    var draftId: Int?
    var text: String?
    var action: String?

    init(_ activity: TelegramActivity, state: TelegramState) async {
        switch activity {
        case let .sent(message):
            kind = "sent"
            self.message = await state.json(of: message)
        case let .edited(message):
            kind = "edited"
            self.message = await state.json(of: message)
        case let .draft(chatID, threadID, draftID, text):
            kind = "draft"
            (chatId, messageThreadId, draftId, self.text) = (chatID, threadID, draftID, text)
        case let .chatAction(chatID, threadID, action):
            kind = "chat_action"
            (chatId, messageThreadId, self.action) = (chatID, threadID, action)
        }
    }
}

/// `GET /_sim/telegram/bot`.
private struct BotJSON: Encodable {
    let token: String
    let user: TelegramJSON.User
}
