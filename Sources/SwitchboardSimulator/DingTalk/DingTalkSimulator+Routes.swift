import HTTPTypes
public import Hummingbird

extension DingTalkSimulator {
    public func addRoutes(to router: Router<SimulatorContext>) {
        router.post("/v1.0/oauth2/accessToken") { request, context in
            await api { () throws(DingTalkAPIError) in try await accessToken(request, context: context) }
        }
        router.post("/v1.0/gateway/connections/open") { request, context in
            await api { () throws(DingTalkAPIError) in try await openConnection(request, context: context) }
        }
        router.post("/v1.0/robot/oToMessages/batchSend") { request, context in
            await api { () throws(DingTalkAPIError) in try await batchSend(request, context: context) }
        }
        router.post("/v1.0/robot/groupMessages/send") { request, context in
            await api { () throws(DingTalkAPIError) in try await sendToGroup(request, context: context) }
        }
        router.post("/v1.0/card/instances/createAndDeliver") { request, context in
            await api { () throws(DingTalkAPIError) in try await createAndDeliverCard(request, context: context) }
        }
        router.put("/v1.0/card/streaming") { request, context in
            await api { () throws(DingTalkAPIError) in try await streamCard(request, context: context) }
        }
        router.put("/v1.0/card/instances") { request, context in
            await api { () throws(DingTalkAPIError) in try await updateCard(request, context: context) }
        }
        router.post("/robot/sendBySession") { request, context in
            await robot { () throws(DingTalkRobotAnswer) in try await sendBySession(request, context: context) }
        }
        router.post("/robot/send") { request, context in
            await robot { () throws(DingTalkRobotAnswer) in try await sendByWebhookRobot(request, context: context) }
        }
    }

    /// A new-API answer, or its refusal.
    private func api(_ answer: () async throws(DingTalkAPIError) -> Response) async -> Response {
        do {
            return try await answer()
        } catch {
            return .dingTalk(error)
        }
    }

    /// A robot API answer: `{"errcode":0,"errmsg":"ok"}`, or the refusal (HTTP 200 both).
    private func robot(_ answer: () async throws(DingTalkRobotAnswer) -> Void) async -> Response {
        do {
            try await answer()
            return .dingTalkRobot(.ok)
        } catch {
            return .dingTalkRobot(error)
        }
    }

    /// Refuses the request unless its `x-acs-dingtalk-access-token` is valid now.
    func requireAccessToken(_ request: Request) async throws(DingTalkAPIError) {
        guard let token = request.headers[Self.accessTokenField], await state.isValid(accessToken: token) else {
            throw .invalidAuthentication
        }
    }

    private static let accessTokenField = HTTPField.Name("x-acs-dingtalk-access-token")!

    /// The body as a JSON object; `refusal` answers a body that is not one.
    func jsonBody(_ request: Request, context: SimulatorContext, orRefuse refusal: DingTalkAPIError) async throws(DingTalkAPIError) -> DingTalkJSONObject {
        guard let object = DingTalkJSONObject(json: await request.collectedBody(context)) else { throw refusal }
        return object
    }
}
