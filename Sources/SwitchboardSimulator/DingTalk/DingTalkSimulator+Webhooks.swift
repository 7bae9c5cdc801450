import Foundation
import Hummingbird
import HummingbirdCore

/// The old robot API: session webhooks and custom robots.
extension DingTalkSimulator {
    /// `POST /robot/sendBySession?session=…` with a text or markdown message.
    func sendBySession(_ request: Request, context: SimulatorContext) async throws(DingTalkRobotAnswer) {
        guard let session = request.uri.queryParameters["session"],
              let conversationID = await state.conversation(ofSession: String(session)) else { throw .sessionNotFound }
        let content = try DingTalkMessageContent(webhookBody: await request.collectedBody(context))
        let message = content.message(by: .sessionWebhook, to: conversationID)
        await state.record(message)
        await activity.append(.message(message))
    }

    /// `POST /robot/send?access_token=…[&timestamp=…&sign=…]` with a text or markdown
    /// message.
    func sendByWebhookRobot(_ request: Request, context: SimulatorContext) async throws(DingTalkRobotAnswer) {
        // Decoded as DingTalk's servers do: "+" is a space, so a `sign` that was not
        // URL-encoded fails as it does there.
        let query = formDecoded(request.uri.query ?? "")
        guard let token = query["access_token"], let secret = await state.webhookRobotSecret(token) else { throw .tokenNotFound }
        if let secret {
            let now = DingTalkIdentifiers.nowMilliseconds
            guard DingTalkRobotSignature.isValid(timestamp: query["timestamp"], sign: query["sign"], secret: secret, now: now) else {
                throw .signNotMatch
            }
        }
        let content = try DingTalkMessageContent(webhookBody: await request.collectedBody(context))
        let message = try await state.sendByWebhookRobot(token, content)
        await activity.append(.message(message))
    }
}
