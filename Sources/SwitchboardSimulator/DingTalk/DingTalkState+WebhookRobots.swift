/// Custom (webhook) robots: their secrets, rate limits and messages.
extension DingTalkState {
    struct WebhookRobot {
        let secret: String?
        /// When each message accepted in the current rate window came.
        var accepted: [ContinuousClock.Instant] = []
        var messages: [DingTalkBotMessage] = []
    }

    func addWebhookRobot(accessToken: String, secret: String?) {
        webhookRobots[accessToken] = WebhookRobot(secret: secret)
    }

    /// The robot's secret, as `.some(nil)` for a robot without one; nil for no robot.
    func webhookRobotSecret(_ accessToken: String) -> String?? {
        webhookRobots[accessToken].map(\.secret)
    }

    /// Records `content` as the robot's message, unless it already sent
    /// `robotRateLimit` messages in the last `robotRateWindow`.
    func sendByWebhookRobot(_ accessToken: String, _ content: DingTalkMessageContent) throws(DingTalkRobotAnswer) -> DingTalkBotMessage {
        guard var robot = webhookRobots[accessToken] else { throw .tokenNotFound }
        let now = ContinuousClock.now
        robot.accepted.removeAll { $0 + settings.robotRateWindow <= now }
        guard robot.accepted.count < settings.robotRateLimit else {
            webhookRobots[accessToken] = robot
            throw .sendTooFast(limit: settings.robotRateLimit)
        }
        let message = content.message(by: .webhookRobot, to: nil)
        robot.accepted.append(now)
        robot.messages.append(message)
        webhookRobots[accessToken] = robot
        return message
    }

    func webhookRobotMessages(_ accessToken: String) -> [DingTalkBotMessage] {
        webhookRobots[accessToken]?.messages ?? []
    }
}
