public import Hummingbird

/// The control routes, mounted at `/_sim/dingtalk/`. JSON keys are camel case, as
/// DingTalk's own.
///
/// - `POST messages`: `{"text","from":{"staffId","nick","senderId"?},
///   "conversation":{"id","type":"1"|"2","title"?}?,"atBot"?}` (no conversation: the
///   single chat with the sender). Answers once pushed, with
///   `{"msgId","conversationId","frameMessageId","sessionWebhook","data"}`.
/// - `GET conversations/{id}/messages`: the bot's messages there,
///   `[{"route","conversationId","msgtype","text","title"?}]`.
/// - `GET cards`: `[{"outTrackId","templateId","openSpaceId","params","streamingUpdates",
///   "finalized","failed"}]`.
/// - `GET stream`: `{"openConnections","unacknowledged"}`.
/// - `POST disconnect`: a SYSTEM disconnect to every connection; 204.
/// - `POST ping`: a SYSTEM ping to every connection; `{"opaques":[…]}`.
/// - `POST webhook-robots`: `{"accessToken","secret"?}` adds a custom robot; 204.
/// - `GET webhook-robots/{accessToken}/messages`: its messages.
extension DingTalkSimulator {
    public func addControlRoutes(to group: RouterGroup<SimulatorContext>) {
        group.post("messages") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            guard let posted = UserMessageJSON(DingTalkJSONObject(json: body.readableBytesView)) else {
                throw HTTPError(
                    .badRequest, message: #"the body must be {"text","from":{"staffId","nick"},"conversation":{"id","type":"1"|"2","title"},"atBot"}"#
                )
            }
            // The wait for the push ends when the client hangs up; the message stays queued.
            return try await request.answeringUnlessHungUp {
                .dingTalkJSON(InboundMessageJSON(await userSends(posted.text, from: posted.from, in: posted.conversation, atBot: posted.atBot)))
            }
        }
        group.get("conversations/:id/messages") { _, context in
            let conversationID = try context.parameters.require("id")
            return Response.dingTalkJSON(await messages(inConversation: conversationID).map(BotMessageJSON.init))
        }
        group.get("cards") { _, _ in
            Response.dingTalkJSON(await cards().map(CardJSON.init))
        }
        group.get("stream") { _, _ in
            Response.dingTalkJSON(StreamJSON(openConnections: await openConnectionCount(), unacknowledged: await unacknowledgedCount()))
        }
        group.post("disconnect") { _, _ in
            await sendDisconnect()
            return Response(status: .noContent)
        }
        group.post("ping") { _, _ in
            Response.dingTalkJSON(["opaques": await sendPing()])
        }
        group.post("webhook-robots") { request, context in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            guard let robot = DingTalkJSONObject(json: body.readableBytesView), let token = robot.nonEmptyString("accessToken") else {
                throw HTTPError(.badRequest, message: #"the body must be {"accessToken","secret"}"#)
            }
            await addWebhookRobot(accessToken: token, secret: robot.nonEmptyString("secret"))
            return Response(status: .noContent)
        }
        group.get("webhook-robots/:token/messages") { _, context in
            let token = try context.parameters.require("token")
            return Response.dingTalkJSON(await webhookRobotMessages(accessToken: token).map(BotMessageJSON.init))
        }
    }
}

/// The body of `POST /_sim/dingtalk/messages`.
private struct UserMessageJSON {
    let text: String
    let from: DingTalkUser
    let conversation: DingTalkConversation
    let atBot: Bool

    init?(_ body: DingTalkJSONObject?) {
        guard let body, let text = body.string("text"), let from = body.object("from"),
              let staffID = from.nonEmptyString("staffId") else { return nil }
        self.text = text
        self.from = DingTalkUser(staffID: staffID, nick: from.string("nick") ?? staffID, senderID: from.nonEmptyString("senderId"))
        if let conversation = body.object("conversation") {
            guard let id = conversation.nonEmptyString("id"),
                  let kind = DingTalkConversation.Kind(rawValue: conversation.string("type") ?? "") else { return nil }
            self.conversation = DingTalkConversation(id: id, kind: kind, title: conversation.string("title"))
        } else {
            conversation = .single(with: self.from)
        }
        atBot = body.bool("atBot") ?? true
    }
}

private struct InboundMessageJSON: Encodable {
    let msgId: String
    let conversationId: String
    let frameMessageId: String
    let sessionWebhook: String
    let data: String

    init(_ message: DingTalkInboundMessage) {
        msgId = message.msgID
        conversationId = message.conversationID
        frameMessageId = message.frameMessageID
        sessionWebhook = message.sessionWebhook
        data = message.data
    }
}

private struct BotMessageJSON: Encodable {
    let route: String
    let conversationId: String?
    let msgtype: String
    let text: String
    let title: String?

    init(_ message: DingTalkBotMessage) {
        route = message.route.rawValue
        conversationId = message.conversationID
        msgtype = message.msgtype
        text = message.text
        title = message.title
    }
}

private struct CardJSON: Encodable {
    struct Update: Encodable {
        let key: String
        let content: String
        let isFull: Bool
        let isFinalize: Bool
        let isError: Bool
    }

    let outTrackId: String
    let templateId: String
    let openSpaceId: String
    let params: [String: String]
    let streamingUpdates: [Update]
    let finalized: Bool
    let failed: Bool

    init(_ card: DingTalkCard) {
        outTrackId = card.outTrackID
        templateId = card.templateID
        openSpaceId = card.openSpaceID
        params = card.params
        streamingUpdates = card.streamingUpdates.map {
            Update(key: $0.key, content: $0.content, isFull: $0.isFull, isFinalize: $0.isFinalize, isError: $0.isError)
        }
        finalized = card.finalized
        failed = card.failed
    }
}

private struct StreamJSON: Encodable {
    let openConnections: Int
    let unacknowledged: Int
}
