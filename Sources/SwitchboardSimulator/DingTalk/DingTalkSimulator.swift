/// DingTalk's open platform on `SimulatorServer`, for a bot in stream mode and for
/// custom robots: the same paths, field names and error answers as api.dingtalk.com and
/// oapi.dingtalk.com, so DingTalk's SDKs run against it given only its base URL.
///
/// - `POST /v1.0/oauth2/accessToken`: the app's access token.
/// - `POST /v1.0/gateway/connections/open`, then WebSocket `/connect?ticket=…`: stream
///   mode. Users' messages (`userSends`) are pushed as CALLBACK frames and must be
///   acked; SYSTEM pings and disconnects are sent when a test asks.
/// - `POST /robot/sendBySession?session=…`: the session webhook of a pushed message.
/// - `POST /v1.0/robot/oToMessages/batchSend`, `POST /v1.0/robot/groupMessages/send`.
/// - `POST /v1.0/card/instances/createAndDeliver`, `PUT /v1.0/card/streaming`,
///   `PUT /v1.0/card/instances`: AI cards.
/// - `POST /robot/send?access_token=…`: custom robots (`addWebhookRobot`).
///
/// See docs/simulators.md, "DingTalk", for every check and answer, and
/// `addControlRoutes` for the control routes under `/_sim/dingtalk/`.
public struct DingTalkSimulator: PlatformSimulator {
    public static let name = "dingtalk"
    /// The app's clientId, which is also its appKey and the robot's robotCode.
    public static let defaultClientID = "dingsimulatorclient01"
    public static let defaultClientSecret = "simulator-secret-Abcdefghijklmnopqrstuvwxyz0123456789"
    /// The AI card template known by default.
    public static let defaultCardTemplateID = "switchboard-sim-ai-card.schema"
    /// The organisation of the bot and every user: `chatbotCorpId`, `senderCorpId`.
    public static let corpID = "dingsimulatorcorp0001"

    /// The app's clientId (appKey, robotCode).
    public let clientID: String
    /// The app's clientSecret (appSecret).
    public let clientSecret: String
    /// The robot's id in conversations: `chatbotUserId`, and its `atUsers` entry when a
    /// user mentions it. Derived from `clientID`.
    public let chatbotUserID: String
    let settings: DingTalkSettings
    let state: DingTalkState
    private let activityLog = AwaitableLog<DingTalkActivity>()
    /// Every stream connection registered, by session, since creation or reset.
    let connectionLog = AwaitableLog<WebSocketSession>()

    /// - Parameters:
    ///   - cardTemplateIDs: The AI card templates createAndDeliver accepts.
    ///   - ticketLifetime: How long a connections/open ticket may be used.
    ///   - sessionWebhookLifetime: How long a pushed message's session webhook works.
    ///   - disconnectGrace: How long after a SYSTEM disconnect the connection is closed.
    ///   - robotRateLimit: How many messages a custom robot may send per `robotRateWindow`.
    public init(
        clientID: String = defaultClientID, clientSecret: String = defaultClientSecret,
        cardTemplateIDs: Set<String> = [defaultCardTemplateID], ticketLifetime: Duration = .seconds(90),
        sessionWebhookLifetime: Duration = .seconds(5400), disconnectGrace: Duration = .seconds(1),
        robotRateLimit: Int = 20, robotRateWindow: Duration = .seconds(60)
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        chatbotUserID = DingTalkUser.senderID(for: "robot:" + clientID)
        settings = DingTalkSettings(
            clientID: clientID, clientSecret: clientSecret, chatbotUserID: chatbotUserID, cardTemplateIDs: cardTemplateIDs,
            ticketLifetime: ticketLifetime, sessionWebhookLifetime: sessionWebhookLifetime, disconnectGrace: disconnectGrace,
            robotRateLimit: robotRateLimit, robotRateWindow: robotRateWindow
        )
        state = DingTalkState(settings: settings)
    }

    /// Everything the bot did (messages, cards) and every answer to a stream frame (acks,
    /// pongs), oldest first: awaitable.
    public var activity: AwaitableLog<DingTalkActivity> { activityLog }

    /// A user writes to the bot in `conversation`, mentioning it (`atBot`) or not. The
    /// message is queued and pushed to the newest open connection subscribed to robot
    /// messages; the user and the conversation become known to the robot and card APIs.
    ///
    /// Returns once the message has been pushed — at once when such a connection is
    /// open, else when one opens — with what the first push carried. To queue a message
    /// before the client connects, call this from another task. If the task is cancelled
    /// (or the simulator reset) before the push, returns the message as queued: with
    /// `msgID` and `conversationID`, and the other fields empty.
    @discardableResult
    public func userSends(
        _ text: String, from user: DingTalkUser, in conversation: DingTalkConversation, atBot: Bool = true
    ) async -> DingTalkInboundMessage {
        let msgID = await state.receive(text, from: user, in: conversation, atBot: atBot)
        return await state.firstPush(of: msgID)
            ?? DingTalkInboundMessage(msgID: msgID, conversationID: conversation.id, frameMessageID: "", sessionWebhook: "", data: "")
    }

    /// Messages queued, and pushed but not acknowledged.
    public func unacknowledgedCount() async -> Int {
        await state.unacknowledgedCount
    }

    /// Stream connections open now: registered, and their end not yet handled (a
    /// connection that ended has given its unacknowledged pushes back to the queue).
    public func openConnectionCount() async -> Int {
        await state.connections.count
    }

    /// Waits until `count` stream connections have opened since the simulator was created
    /// or reset, open still or not: a client is connected once its connection is
    /// registered here (pings and disconnects reach it). Throws `CancellationError` if
    /// the task is cancelled.
    public func waitForConnections(_ count: Int = 1) async throws {
        _ = try await connectionLog.wait(for: count)
    }

    /// Sends a SYSTEM disconnect to every open connection: nothing more is pushed to it,
    /// and it is closed (1000) after `disconnectGrace` unless the client closes it first.
    public func sendDisconnect() async {
        await state.sendDisconnect()
    }

    /// Sends a SYSTEM ping to every open connection; returns the opaques, one per
    /// connection. A matching answer is recorded as `.pong`.
    @discardableResult
    public func sendPing() async -> [String] {
        await state.sendPing()
    }

    /// Closes every stream connection's TCP connection without a closing handshake.
    public func dropConnections() async {
        for session in await state.openSessions { await session.drop() }
    }

    /// Every session webhook given so far stops working (300001).
    public func expireSessionWebhooks() async {
        await state.expireSessionWebhooks()
    }

    /// Every access token given so far stops working (InvalidAuthentication).
    public func revokeAccessTokens() async {
        await state.revokeAccessTokens()
    }

    /// The AI card `outTrackID`, as it is now.
    public func card(_ outTrackID: String) async -> DingTalkCard? {
        await state.card(outTrackID)
    }

    /// Every AI card, in creation order.
    public func cards() async -> [DingTalkCard] {
        await state.cards
    }

    /// The bot's messages in the conversation (by session webhook, batchSend or
    /// groupMessages), oldest first.
    public func messages(inConversation conversationID: String) async -> [DingTalkBotMessage] {
        await state.messages(inConversation: conversationID)
    }

    /// Adds a custom robot: `POST /robot/send?access_token=<accessToken>` then posts its
    /// messages; with a `secret`, each needs a `timestamp` and its `sign`
    /// (`robotSignature(timestamp:secret:)`).
    public func addWebhookRobot(accessToken: String, secret: String?) async {
        await state.addWebhookRobot(accessToken: accessToken, secret: secret)
    }

    /// The messages the custom robot sent, oldest first.
    public func webhookRobotMessages(accessToken: String) async -> [DingTalkBotMessage] {
        await state.webhookRobotMessages(accessToken)
    }

    /// A fault answering requests to `path` (exactly) as the new API refuses: `status`
    /// and `{"requestid","code","message"}`.
    public func errorFault(path: String, status: Int, code: String, message: String, count: Int? = 1) -> Fault {
        let body = DingTalkAPIError(status: status, code: code, message: message).body
        return .respond(
            .exact(path), status: status, headers: ["Content-Type": "application/json"], body: DingTalkJSON.text(body),
            count: count
        )
    }

    /// Forgets tokens, tickets, users, conversations, queued messages, session webhooks,
    /// messages, cards, custom robots and the activity; drops the stream connections.
    public func reset() async {
        let sessions = await state.reset()
        await activityLog.removeAll()
        await connectionLog.removeAll()
        for session in sessions { await session.drop() }
    }
}
