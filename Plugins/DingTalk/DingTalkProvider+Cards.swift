import CSwitchboardABI
import SwitchboardDigest
import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AI card streaming: an answer is a card delivered to the conversation
/// (`createAndDeliver`), its text replaced whole as the agent writes
/// (`PUT /v1.0/card/streaming`, throttled by the host), then finalized, marked failed
/// with `isError` when the answer failed, and its flow status set to finished or failed.
///
/// A card's track id is derived from the question it answers, so an answer streamed
/// again after a crash lands in the card already shown instead of a second one.
/// Without `card_template_id` no stream opens: the host then sends answers whole.
extension DingTalkProvider {
    /// One card being streamed.
    struct CardStream {
        let outTrackID: String
        /// The text the card shows.
        var content: String?
        /// Whether the card shows "inputting" (flow status 2), as it does once text streams in.
        var isInputting = false
        /// Whether the final text went out; a retried finish then only sets the status.
        var isFinalized = false
    }

    /// DingTalk's AI card flow statuses.
    enum FlowStatus: String {
        case processing = "1", inputting = "2", finished = "3", failed = "5"
    }

    func beginStream(for target: OutgoingMessage, completion: SendCompletion) {
        guard let template = settings.card_template_id else {
            return completion.fail(.unsupported("no card_template_id is configured: answers are sent whole"))
        }
        guard let route = route(to: target.chatID, failing: completion) else { return }
        guard let space = Self.openSpace(conversationID: target.chatID, route: route) else {
            return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "the user of conversation \(target.chatID) has no staff id: a card cannot be delivered"))
        }
        let (outTrackID, answerKey, part) = nextTrackID(for: target)
        let request = CreateCardRequest(
            cardTemplateId: template, outTrackId: outTrackID,
            cardData: .init(cardParamMap: ["flowStatus": FlowStatus.processing.rawValue, settings.card_content_key: ""]),
            openSpaceId: space,
            imGroupOpenDeliverModel: route.isGroup ? .init(robotCode: settings.robotCode) : nil,
            imRobotOpenDeliverModel: route.isGroup ? nil : .init()
        )
        let operation = track(completion)
        let open = { [unowned self] (completion: SendCompletion) in
            cardsPerAnswer[answerKey] = part
            cards[outTrackID] = CardStream(outTrackID: outTrackID)
            completion.succeed(messageID: outTrackID)
        }
        api.call("POST", "/v1.0/card/instances/createAndDeliver", request, returning: CardAnswer.self) { [unowned self] result in
            switch result {
            case let .success(answer):
                guard let reason = answer.undelivered else { return complete(operation, open) }
                // Shown to no one: the host then sends the answer as messages.
                complete(operation) { $0.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "DingTalk did not deliver the card: \(reason)")) }
            case let .failure(error) where error.code == "invalidParameter.outTrackId":
                // Delivered before a restart: the answer streams into it again.
                host.log(.info, "card \(outTrackID) exists already; streaming the answer into it again")
                complete(operation, open)
            case let .failure(error):
                fail(operation, error)
            }
        }
    }

    func updateStream(_ streamID: String, with update: StreamUpdate, completion: SendCompletion) {
        guard let card = cards[streamID] else { return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "no open card \(streamID)")) }
        guard card.content != update.fullText else { return completion.succeed(messageID: streamID) }
        let streamText = { [unowned self] (completion: SendCompletion) in
            stream(update.fullText, into: card, finalize: false, failed: false, completion: completion) { [unowned self] in
                cards[streamID]?.content = update.fullText
                $0.succeed(messageID: streamID)
            }
        }
        guard card.isInputting else {
            // The template shows streamed text once the card is "inputting".
            return setStatus(.inputting, of: streamID, content: nil, completion: completion) { [unowned self] completion in
                cards[streamID]?.isInputting = true
                streamText(completion)
            }
        }
        streamText(completion)
    }

    /// The card stays open until both calls went through, so a finish the host tries
    /// again (after a rate limit, say) still finds it.
    func finishStream(_ streamID: String, with update: StreamUpdate, failed: Bool, completion: SendCompletion) {
        guard let card = cards[streamID] else {
            return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "no open card \(streamID)"))
        }
        // Without the status the card keeps showing "processing".
        let settle = { [unowned self] (completion: SendCompletion) in
            setStatus(failed ? .failed : .finished, of: streamID, content: update.fullText, completion: completion) { [unowned self] in
                cards[streamID] = nil
                $0.succeed(messageID: streamID)
            }
        }
        guard !card.isFinalized else { return settle(completion) }
        stream(update.fullText, into: card, finalize: true, failed: failed, completion: completion) { [unowned self] completion in
            cards[streamID]?.isFinalized = true
            settle(completion)
        }
    }

    /// Sets the card's flow status (and its text, when given); `success` takes over the completion.
    private func setStatus(_ status: FlowStatus, of streamID: String, content: String?, completion: SendCompletion,
                           success: @escaping (SendCompletion) -> Void) {
        var parameters = ["flowStatus": status.rawValue]
        if let content { parameters[settings.card_content_key] = content }
        let request = UpdateCardRequest(outTrackId: streamID, cardData: .init(cardParamMap: parameters))
        call("PUT", "/v1.0/card/instances", request, returning: CardAnswer.self, for: track(completion)) { success($1) }
    }

    /// Replaces the card's text with `content`; `success` takes over the completion.
    private func stream(_ content: String, into card: CardStream, finalize: Bool, failed: Bool, completion: SendCompletion,
                        success: @escaping (SendCompletion) -> Void) {
        let request = StreamCardRequest(
            outTrackId: card.outTrackID, guid: UUID().uuidString, key: settings.card_content_key, content: content,
            isFull: true, isFinalize: finalize, isError: failed
        )
        call("PUT", "/v1.0/card/streaming", request, returning: CardAnswer.self, for: track(completion)) { success($1) }
    }

    /// The track id of the next card answering `target`'s question: the same for the
    /// same question and part in every run of the channel. The part counts once the card
    /// is delivered.
    private func nextTrackID(for target: OutgoingMessage) -> (trackID: String, answer: String, part: Int) {
        let answer = target.idempotencyKey ?? target.replyToID.map { "answer:\($0)" } ?? "unprompted:\(UUID().uuidString)"
        // Bounded by a wipe, which could only mix up the cards of an answer longer than
        // one card that is being written at that very moment.
        if cardsPerAnswer.count > 4096 { cardsPerAnswer.removeAll() }
        let part = (cardsPerAnswer[answer] ?? 0) + 1
        return ("sb-" + SHA256.hex("\(host.channelID)\n\(target.chatID)\n\(answer)\n\(part)").prefix(40), answer, part)
    }

    /// Where a card goes: the group, or the robot's chat with the user.
    static func openSpace(conversationID: String, route: Conversations.Route) -> String? {
        if route.isGroup { return "dtv1.card//IM_GROUP.\(conversationID)" }
        return route.staffID.map { "dtv1.card//IM_ROBOT.\($0)" }
    }
}

/// `POST /v1.0/card/instances/createAndDeliver`.
struct CreateCardRequest: Encodable {
    struct CardData: Encodable {
        var cardParamMap: [String: String]
    }

    struct OpenSpaceModel: Encodable {
        var supportForward = true
    }

    struct GroupDeliverModel: Encodable {
        var robotCode: String
    }

    struct RobotDeliverModel: Encodable {
        var spaceType = "IM_ROBOT"
    }

    var cardTemplateId: String
    var outTrackId: String
    var cardData: CardData
    var callbackType = "STREAM"
    var openSpaceId: String
    var imGroupOpenSpaceModel = OpenSpaceModel()
    var imRobotOpenSpaceModel = OpenSpaceModel()
    var imGroupOpenDeliverModel: GroupDeliverModel?
    var imRobotOpenDeliverModel: RobotDeliverModel?
    var userIdType = 1
}

/// `PUT /v1.0/card/streaming`.
struct StreamCardRequest: Encodable {
    var outTrackId: String
    var guid: String
    var key: String
    var content: String
    var isFull: Bool
    var isFinalize: Bool
    var isError: Bool
}

/// `PUT /v1.0/card/instances`.
struct UpdateCardRequest: Encodable {
    struct Options: Encodable {
        var updateCardDataByKey = true
    }

    var outTrackId: String
    var cardData: CreateCardRequest.CardData
    var cardUpdateOptions = Options()
}

/// What the card APIs answer: `{"success":true,"result":…}`; createAndDeliver's result
/// tells, per space, whether the card was delivered.
struct CardAnswer: Decodable {
    struct Delivery: Decodable {
        var spaceId: String?
        var success: Bool?
        var errorMsg: String?
    }

    struct Result: Decodable {
        var deliverResults: [Delivery]?
    }

    var success: Bool?
    var result: Result?

    enum CodingKeys: CodingKey {
        case success, result
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        success = try container.decodeIfPresent(Bool.self, forKey: .success)
        // The streaming and update APIs answer `"result": true`.
        result = try? container.decodeIfPresent(Result.self, forKey: .result)
    }

    /// Why the card reached no one, when DingTalk says it did not.
    var undelivered: String? {
        if success == false { return "DingTalk answered success: false" }
        guard let failures = result?.deliverResults?.filter({ $0.success == false }), !failures.isEmpty else { return nil }
        return failures.map { "\($0.spaceId ?? "a space"): \($0.errorMsg ?? "no reason given")" }.joined(separator: "; ")
    }
}
