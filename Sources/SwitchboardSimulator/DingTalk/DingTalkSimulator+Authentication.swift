import Hummingbird
import SwitchboardDigest

/// The app's access token and the stream gateway's tickets.
extension DingTalkSimulator {
    /// `{"appKey","appSecret"}` → `{"accessToken","expireIn":7200}`.
    func accessToken(_ request: Request, context: SimulatorContext) async throws(DingTalkAPIError) -> Response {
        let body = try await jsonBody(request, context: context, orRefuse: .missingParameter("appKey"))
        guard let appKey = body.nonEmptyString("appKey") else { throw .missingParameter("appKey") }
        guard let appSecret = body.nonEmptyString("appSecret") else { throw .missingParameter("appSecret") }
        guard appKey == clientID, constantTimeEqual(Array(appSecret.utf8), Array(clientSecret.utf8)) else {
            throw .invalidClientIDOrSecret
        }
        let token = await state.issueAccessToken()
        return .dingTalkJSON(AccessTokenJSON(accessToken: token, expireIn: DingTalkSettings.accessTokenLifetime))
    }

    /// `{"clientId","clientSecret","subscriptions":[{"type","topic"}],"ua","localIp"}` →
    /// `{"endpoint":"ws://<Host>/connect","ticket"}`.
    func openConnection(_ request: Request, context: SimulatorContext) async throws(DingTalkAPIError) -> Response {
        let body = try await jsonBody(request, context: context, orRefuse: .invalidGatewayParameter("body"))
        guard body.string("clientId") == clientID,
              constantTimeEqual(Array((body.string("clientSecret") ?? "").utf8), Array(clientSecret.utf8)) else {
            throw .authFailed
        }
        guard let subscriptions = Self.subscriptions(in: body), !subscriptions.isEmpty else {
            throw .invalidGatewayParameter("subscriptions")
        }
        let host = request.head.authority ?? "127.0.0.1"
        let ticket = await state.issueTicket(subscriptions: subscriptions, host: host)
        return .dingTalkJSON(OpenConnectionJSON(endpoint: "ws://\(host)/connect", ticket: ticket))
    }

    /// The subscriptions asked for: each a `type` CALLBACK, EVENT or SYSTEM and a
    /// non-empty `topic`; nil when one is not.
    private static func subscriptions(in body: DingTalkJSONObject) -> [DingTalkState.Subscription]? {
        guard let objects = body.objects("subscriptions") else { return nil }
        var subscriptions: [DingTalkState.Subscription] = []
        for object in objects {
            guard let type = object.string("type"), ["CALLBACK", "EVENT", "SYSTEM"].contains(type),
                  let topic = object.nonEmptyString("topic") else { return nil }
            subscriptions.append(.init(type: type, topic: topic))
        }
        return subscriptions
    }
}

private struct AccessTokenJSON: Encodable {
    let accessToken: String
    let expireIn: Int
}

private struct OpenConnectionJSON: Encodable {
    let endpoint: String
    let ticket: String
}
