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
    }

    /// DingTalk's AI card flow statuses.
    enum FlowStatus: String {
        case processing = "1", finished = "3", failed = "5"
    }

    func beginStream(for target: OutgoingMessage, completion: SendCompletion) {
        guard let template = settings.card_template_id else {
            return completion.fail(.unsupported("no card_template_id is configured: answers are sent whole"))
        }
        guard let route = route(to: target.chatID, failing: completion) else { return }
        guard let space = Self.openSpace(conversationID: target.chatID, route: route) else {
            return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "the user of conversation \(target.chatID) has no staff id: a card cannot be delivered"))
        }
        let outTrackID = nextTrackID(for: target)
        let request = CreateCardRequest(
            cardTemplateId: template, outTrackId: outTrackID,
            cardData: .init(cardParamMap: ["flowStatus": FlowStatus.processing.rawValue, settings.card_content_key: ""]),
            openSpaceId: space,
            imGroupOpenDeliverModel: route.isGroup ? .init(robotCode: settings.robotCode) : nil,
            imRobotOpenDeliverModel: route.isGroup ? nil : .init()
        )
        let operation = track(completion)
        api.call("POST", "/v1.0/card/instances/createAndDeliver", request, returning: CardAnswer.self) { [unowned self] result in
            switch result {
            case .success:
                cards[outTrackID] = CardStream(outTrackID: outTrackID)
                complete(operation) { $0.succeed(messageID: outTrackID) }
            case let .failure(error) where error.code == "invalidParameter.outTrackId":
                // Delivered before a restart: the answer streams into it again.
                host.log(.info, "card \(outTrackID) exists already; streaming the answer into it again")
                cards[outTrackID] = CardStream(outTrackID: outTrackID)
                complete(operation) { $0.succeed(messageID: outTrackID) }
            case let .failure(error):
                fail(operation, error)
            }
        }
    }

    func updateStream(_ streamID: String, with update: StreamUpdate, completion: SendCompletion) {
        guard let card = cards[streamID] else { return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "no open card \(streamID)")) }
        guard card.content != update.fullText else { return completion.succeed(messageID: streamID) }
        stream(update.fullText, into: card, finalize: false, failed: false, completion: completion) { [unowned self] in
            cards[streamID]?.content = update.fullText
            $0.succeed(messageID: streamID)
        }
    }

    func finishStream(_ streamID: String, with update: StreamUpdate, failed: Bool, completion: SendCompletion) {
        guard let card = cards.removeValue(forKey: streamID) else {
            return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "no open card \(streamID)"))
        }
        stream(update.fullText, into: card, finalize: true, failed: failed, completion: completion) { [unowned self] completion in
            // The template's status: without it the card keeps showing "processing".
            let status = failed ? FlowStatus.failed : .finished
            let request = UpdateCardRequest(outTrackId: streamID, cardData: .init(cardParamMap: [
                "flowStatus": status.rawValue, settings.card_content_key: update.fullText,
            ]))
            let operation = track(completion)
            api.call("PUT", "/v1.0/card/instances", request, returning: CardAnswer.self) { [unowned self] result in
                switch result {
                case .success: complete(operation) { $0.succeed(messageID: streamID) }
                case let .failure(error): fail(operation, error)
                }
            }
        }
    }

    /// Replaces the card's text with `content`; `success` takes over the completion.
    private func stream(_ content: String, into card: CardStream, finalize: Bool, failed: Bool, completion: SendCompletion,
                        success: @escaping (SendCompletion) -> Void) {
        let request = StreamCardRequest(
            outTrackId: card.outTrackID, guid: UUID().uuidString, key: settings.card_content_key, content: content,
            isFull: true, isFinalize: finalize, isError: failed
        )
        let operation = track(completion)
        api.call("PUT", "/v1.0/card/streaming", request, returning: CardAnswer.self) { [unowned self] result in
            switch result {
            case .success: complete(operation, success)
            case let .failure(error): fail(operation, error)
            }
        }
    }

    /// The track id of the next card answering `target`'s question: the same for the
    /// same question and part in every run of the channel.
    private func nextTrackID(for target: OutgoingMessage) -> String {
        let answer = target.idempotencyKey ?? target.replyToID.map { "answer:\($0)" } ?? "unprompted:\(UUID().uuidString)"
        // Bounded: a wipe could only mix up the parts of an answer longer than a card.
        if cardsPerAnswer.count > 4096 { cardsPerAnswer.removeAll() }
        let part = (cardsPerAnswer[answer] ?? 0) + 1
        cardsPerAnswer[answer] = part
        return "sb-" + SHA256.hex("\(host.channelID)\n\(target.chatID)\n\(answer)\n\(part)").prefix(40)
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

/// What the card APIs answer: `{"success":true,…}`; the rest does not matter here.
struct CardAnswer: Decodable {
    var success: Bool?
}
