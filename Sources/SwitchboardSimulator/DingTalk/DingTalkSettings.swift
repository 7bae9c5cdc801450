/// What a `DingTalkSimulator` was created with.
struct DingTalkSettings: Sendable {
    /// How long an access token is valid, in seconds: its `expireIn`.
    static let accessTokenLifetime = 7200

    let clientID: String
    let clientSecret: String
    /// The robot's own id in conversations: `chatbotUserId`, its `atUsers` entry.
    let chatbotUserID: String
    let cardTemplateIDs: Set<String>
    let ticketLifetime: Duration
    let sessionWebhookLifetime: Duration
    let disconnectGrace: Duration
    let robotRateLimit: Int
    let robotRateWindow: Duration
}
