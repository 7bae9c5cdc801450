import Hummingbird

/// AI cards: createAndDeliver, streaming updates, parameter updates.
extension DingTalkSimulator {
    /// `{"cardTemplateId","outTrackId","cardData":{"cardParamMap"},"openSpaceId",
    /// "imGroupOpenDeliverModel":{"robotCode"},…}` →
    /// `{"success":true,"result":{"outTrackId","deliverResults":[…]}}`.
    func createAndDeliverCard(_ request: Request, context: SimulatorContext) async throws(DingTalkAPIError) -> Response {
        try await requireAccessToken(request)
        let body = try await jsonBody(request, context: context, orRefuse: .missingParameter("cardTemplateId"))
        guard let templateID = body.nonEmptyString("cardTemplateId") else { throw .missingParameter("cardTemplateId") }
        guard settings.cardTemplateIDs.contains(templateID) else { throw .invalidParameter("cardTemplateId") }
        guard let outTrackID = body.nonEmptyString("outTrackId") else { throw .missingParameter("outTrackId") }
        guard let openSpaceID = body.nonEmptyString("openSpaceId") else { throw .missingParameter("openSpaceId") }
        guard let spaces = DingTalkState.CardSpace.parse(openSpaceID) else { throw .invalidParameter("openSpaceId") }
        if spaces.contains(where: { $0.kind == .group }) {
            guard body.object("imGroupOpenDeliverModel")?.string("robotCode") == clientID else {
                throw .invalidParameter("robotCode")
            }
        }
        let params = try Self.cardParams(body, required: false) ?? [:]
        let card = DingTalkCard(
            outTrackID: outTrackID, templateID: templateID, openSpaceID: openSpaceID, params: params, streamingUpdates: [],
            finalized: false, failed: false
        )
        try await state.create(card, in: spaces)
        await activity.append(.cardCreated(outTrackID: outTrackID))
        let results = spaces.map { DeliverResultJSON(spaceType: $0.kind.rawValue, spaceId: $0.id, carrierId: DingTalkIdentifiers.hex()) }
        return .dingTalkJSON(DingTalkCardSuccessJSON(result: CreatedCardJSON(outTrackId: outTrackID, deliverResults: results)))
    }

    /// `{"outTrackId","guid","key","content","isFull","isFinalize","isError"}` →
    /// `{"success":true,"result":true}`.
    func streamCard(_ request: Request, context: SimulatorContext) async throws(DingTalkAPIError) -> Response {
        try await requireAccessToken(request)
        let body = try await jsonBody(request, context: context, orRefuse: .invalidStreamingParameter("outTrackId"))
        guard let outTrackID = body.nonEmptyString("outTrackId") else { throw .invalidStreamingParameter("outTrackId") }
        guard body.nonEmptyString("guid") != nil else { throw .invalidStreamingParameter("guid") }
        guard let key = body.nonEmptyString("key") else { throw .invalidStreamingParameter("key") }
        let update = DingTalkCardUpdate(
            key: key, content: body.string("content") ?? "", isFull: body.bool("isFull") ?? false,
            isFinalize: body.bool("isFinalize") ?? false, isError: body.bool("isError") ?? false
        )
        try await state.stream(update, to: outTrackID)
        await activity.append(.cardStreamed(outTrackID: outTrackID, update))
        return .dingTalkJSON(DingTalkCardSuccessJSON(result: true))
    }

    /// `{"outTrackId","cardData":{"cardParamMap"},"cardUpdateOptions":{"updateCardDataByKey"}}`
    /// → `{"success":true,"result":true}`.
    func updateCard(_ request: Request, context: SimulatorContext) async throws(DingTalkAPIError) -> Response {
        try await requireAccessToken(request)
        let body = try await jsonBody(request, context: context, orRefuse: .missingParameter("outTrackId"))
        guard let outTrackID = body.nonEmptyString("outTrackId") else { throw .missingParameter("outTrackId") }
        let params = try Self.cardParams(body, required: true) ?? [:]
        let byKey = body.object("cardUpdateOptions")?.bool("updateCardDataByKey") ?? false
        let now = try await state.update(outTrackID, params: params, byKey: byKey)
        await activity.append(.cardUpdated(outTrackID: outTrackID, params: now))
        return .dingTalkJSON(DingTalkCardSuccessJSON(result: true))
    }

    /// `cardData.cardParamMap`, whose values must be strings; nil when absent and not
    /// `required`.
    private static func cardParams(_ body: DingTalkJSONObject, required: Bool) throws(DingTalkAPIError) -> [String: String]? {
        guard let cardData = body.object("cardData"), cardData.fields["cardParamMap"] != nil else {
            if required { throw .missingParameter("cardData") }
            return nil
        }
        guard let params = cardData.stringMap("cardParamMap") else { throw .invalidParameter("cardData") }
        return params
    }
}

private struct CreatedCardJSON: Encodable {
    let outTrackId: String
    let deliverResults: [DeliverResultJSON]
}

private struct DeliverResultJSON: Encodable {
    let spaceType: String
    let spaceId: String
    var success = true
    let carrierId: String
}
