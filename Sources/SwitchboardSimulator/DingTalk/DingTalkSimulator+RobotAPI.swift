import Hummingbird

/// The robot's new-API messages: to users' single chats, and to groups.
extension DingTalkSimulator {
    /// `{"robotCode","userIds","msgKey","msgParam"}` →
    /// `{"processQueryKey","invalidStaffIdList","flowControlledStaffIdList":[]}`.
    func batchSend(_ request: Request, context: SimulatorContext) async throws(DingTalkAPIError) -> Response {
        try await requireAccessToken(request)
        let body = try await jsonBody(request, context: context, orRefuse: .missingParameter("robotCode"))
        try checkRobotCode(body.string("robotCode"))
        guard let userIDs = body.strings("userIds"), !userIDs.isEmpty else { throw .missingParameter("userIds") }
        let content = try DingTalkMessageContent(msgKey: body.string("msgKey"), msgParam: body.string("msgParam"))
        let (sent, invalid) = await state.sendToUsers(userIDs, content)
        for message in sent { await activity.append(.message(message)) }
        return .dingTalkJSON(BatchSendJSON(
            processQueryKey: DingTalkIdentifiers.base64(bytes: 32), invalidStaffIdList: invalid, flowControlledStaffIdList: []
        ))
    }

    /// `{"robotCode","openConversationId","msgKey","msgParam"}` → `{"processQueryKey"}`.
    func sendToGroup(_ request: Request, context: SimulatorContext) async throws(DingTalkAPIError) -> Response {
        try await requireAccessToken(request)
        let body = try await jsonBody(request, context: context, orRefuse: .missingParameter("robotCode"))
        try checkRobotCode(body.string("robotCode"))
        guard let conversationID = body.nonEmptyString("openConversationId") else {
            throw .missingParameter("openConversationId")
        }
        let content = try DingTalkMessageContent(msgKey: body.string("msgKey"), msgParam: body.string("msgParam"))
        let message = try await state.sendToGroup(conversationID, content)
        await activity.append(.message(message))
        return .dingTalkJSON(GroupSendJSON(processQueryKey: DingTalkIdentifiers.base64(bytes: 32)))
    }

    /// `robotCode` must be given, and be the app's clientId.
    func checkRobotCode(_ robotCode: String?) throws(DingTalkAPIError) {
        guard let robotCode, !robotCode.isEmpty else { throw .missingParameter("robotCode") }
        guard robotCode == clientID else { throw .invalidParameter("robotCode") }
    }
}

private struct BatchSendJSON: Encodable {
    let processQueryKey: String
    let invalidStaffIdList: [String]
    let flowControlledStaffIdList: [String]
}

private struct GroupSendJSON: Encodable {
    let processQueryKey: String
}
