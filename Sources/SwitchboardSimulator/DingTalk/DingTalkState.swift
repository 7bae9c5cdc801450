/// What the simulated DingTalk knows: the app's access tokens and stream tickets, the
/// users and conversations that wrote to the bot, the stream connections and the
/// messages waiting for them, session webhooks, what the bot sent, its AI cards and
/// the custom robots.
actor DingTalkState {
    /// A gateway subscription: `{"type","topic"}`.
    struct Subscription: Equatable {
        let type: String
        let topic: String

        /// The subscription robot messages are pushed to.
        static let robotMessages = Subscription(type: "CALLBACK", topic: DingTalkStreamFrame.robotMessageTopic)
    }

    /// A ticket from connections/open, good for one connection until it expires.
    struct Ticket {
        let subscriptions: [Subscription]
        /// The Host the client reached the API by: the endpoint's and session webhooks' host.
        let host: String
        let expiry: ContinuousClock.Instant
    }

    let settings: DingTalkSettings
    var accessTokens: [String: ContinuousClock.Instant] = [:]
    var tickets: [String: Ticket] = [:]
    /// Tickets whose connection was accepted, until the connection's handler claims them.
    var acceptedTickets: [String: Ticket] = [:]
    var users: [String: DingTalkUser] = [:]
    var conversations: [String: DingTalkConversation] = [:]

    // The stream (DingTalkState+Stream.swift).
    var connections: [StreamConnection] = []
    var queue: [QueuedMessage] = []
    var nextSequence = 0
    var firstPushes: [String: DingTalkInboundMessage] = [:]
    var pushWaiters: [Int: PushWaiter] = [:]
    var nextPushWaiterID = 0

    // What the bot sent (DingTalkState+Messages.swift).
    var sessionWebhooks: [String: SessionWebhook] = [:]
    var botMessages: [String: [DingTalkBotMessage]] = [:]

    // AI cards (DingTalkState+Cards.swift), in creation order.
    var cards: [DingTalkCard] = []

    // Custom robots (DingTalkState+WebhookRobots.swift), by access token.
    var webhookRobots: [String: WebhookRobot] = [:]

    init(settings: DingTalkSettings) {
        self.settings = settings
    }

    /// A new access token, valid for `DingTalkSettings.accessTokenLifetime`.
    func issueAccessToken() -> String {
        let token = DingTalkIdentifiers.hex()
        accessTokens[token] = .now + .seconds(DingTalkSettings.accessTokenLifetime)
        return token
    }

    /// Whether `token` was issued, not revoked, and is not expired.
    func isValid(accessToken token: String) -> Bool {
        guard let expiry = accessTokens[token] else { return false }
        return ContinuousClock.now < expiry
    }

    func revokeAccessTokens() {
        accessTokens = [:]
    }

    /// A new ticket for a connection subscribed to `subscriptions`.
    func issueTicket(subscriptions: [Subscription], host: String) -> String {
        let ticket = DingTalkIdentifiers.uuid()
        tickets[ticket] = Ticket(subscriptions: subscriptions, host: host, expiry: .now + settings.ticketLifetime)
        return ticket
    }

    /// Whether a connection may open with `ticket`: issued, unused and unexpired. It is
    /// used up either way.
    func acceptTicket(_ ticket: String) -> Bool {
        guard let issued = tickets.removeValue(forKey: ticket), ContinuousClock.now < issued.expiry else { return false }
        acceptedTickets[ticket] = issued
        return true
    }

    /// A user wrote to the bot: the user and the conversation become known.
    func meet(_ user: DingTalkUser, in conversation: DingTalkConversation) {
        users[user.staffID] = user
        conversations[conversation.id] = conversation
    }

    /// Forgets everything; returns the connections that were open, for the caller to drop.
    func reset() -> [WebSocketSession] {
        let sessions = connections.map(\.session)
        for connection in connections { connection.outbox.finish() }
        for waiter in pushWaiters.values { waiter.continuation.resume(returning: nil) }
        accessTokens = [:]
        tickets = [:]
        acceptedTickets = [:]
        users = [:]
        conversations = [:]
        connections = []
        queue = []
        nextSequence = 0
        firstPushes = [:]
        pushWaiters = [:]
        sessionWebhooks = [:]
        botMessages = [:]
        cards = []
        webhookRobots = [:]
        return sessions
    }
}
