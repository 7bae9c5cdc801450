import CSwitchboardABI
import DingTalkWire
import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One DingTalk app robot serving one channel, in Stream mode.
///
/// Start opens a connection to DingTalk's gateway and keeps it (see
/// DingTalkProvider+Gateway.swift). Replies go through the session webhook of the
/// conversation's newest message while it is valid, else through the robot APIs;
/// answers stream into AI cards when a template is configured
/// (DingTalkProvider+Cards.swift).
final class DingTalkProvider: StreamingProvider {
    let host: ProviderHost
    let settings: DingTalkSettings
    let api: OpenAPI
    let conversations: Conversations
    private(set) var isStopped = true
    /// Host operations waiting for DingTalk, by number; failed by stop().
    private var pendingOperations: [Int: SendCompletion] = [:]
    private var lastOperation = 0

    // Gateway state (DingTalkProvider+Gateway.swift).
    /// The open (or opening) gateway connection.
    var gateway: UInt64?
    /// Counts gateway connections: events of an earlier one are ignored.
    var connectionGeneration = 0
    /// Between DingTalk's SYSTEM disconnect and the new connection: the old one's close
    /// is expected, not a lost link.
    var isReplacingGateway = false

    // Card state (DingTalkProvider+Cards.swift).
    /// Open card streams, by stream id (the card's outTrackId).
    var cards: [String: CardStream] = [:]
    /// Cards begun per answer in this run: the second card of a long answer gets a
    /// track id of its own.
    var cardsPerAnswer: [String: Int] = [:]

    init(host: ProviderHost, settings: DingTalkSettings) throws(ProviderError) {
        self.host = host
        self.settings = settings
        api = OpenAPI(host: host, baseURL: settings.api_base_url, clientID: settings.client_id, clientSecret: settings.client_secret)
        conversations = Conversations(host: host)
    }

    /// Also after a lost link: the host stops the instance and starts it again.
    func start() throws(ProviderError) {
        isStopped = false
        isReplacingGateway = false
        host.setStatus(.connecting)
        host.log(.info, "connecting to DingTalk's stream gateway at \(api.baseURL)"
                 + (settings.card_template_id == nil ? "" : ", streaming answers into AI cards"))
        openGatewayConnection()
    }

    func stop() {
        isStopped = true
        closeGateway()
        api.cancelAll()
        for completion in pendingOperations.values {
            completion.fail(ProviderError(code: SB_ERR_SHUTTING_DOWN, message: "the channel is stopping"))
        }
        pendingOperations.removeAll()
        // Open cards stay known: the host may finish them once the channel is back.
    }

    // MARK: Replies

    func send(_ message: OutgoingMessage, completion: SendCompletion) {
        guard let route = route(to: message.chatID, failing: completion) else { return }
        let body = RobotMessageBody(message.text, isMarkdown: message.isMarkdown)
        let operation = track(completion)
        if let webhook = route.sessionWebhook(validAt: unixMilliseconds()) {
            sendThroughSessionWebhook(webhook, body, conversationID: message.chatID, route: route, operation: operation)
        } else {
            sendThroughRobotAPI(body, conversationID: message.chatID, route: route, operation: operation)
        }
    }

    /// The reply route to `chatID`; nil, with `completion` failed, when the
    /// conversation never wrote to the robot.
    func route(to chatID: String, failing completion: SendCompletion) -> Conversations.Route? {
        guard let route = conversations.route(to: chatID) else {
            completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "no DingTalk conversation '\(chatID)' has written to the robot"))
            return nil
        }
        return route
    }

    /// A session webhook answers while the conversation's newest message is recent; one
    /// DingTalk no longer knows is dropped, and the robot API takes over.
    private func sendThroughSessionWebhook(_ webhook: String, _ body: RobotMessageBody, conversationID: String,
                                           route: Conversations.Route, operation: Int) {
        api.post(url: webhook, body) { [unowned self] outcome in
            let answer = outcome.flatMap { response -> Result<RobotAnswer, DingTalkAPIError> in
                guard let answer = RobotAnswer.decode(response.body) else {
                    // A proxy's or gateway's page: busy (5xx, 429) or a real refusal.
                    return .failure(DingTalkAPIError(kind: .refused(status: response.status, code: "HTTP \(response.status)",
                                                                    message: "the session webhook answered without an errcode", requestID: nil)))
                }
                return .success(answer)
            }
            switch answer {
            case let .success(answer) where answer.isOK:
                complete(operation) { $0.succeed(messageID: nil) }
            case let .success(answer) where answer.errcode == RobotAnswer.sessionGone:
                host.log(.info, "the session webhook of conversation \(conversationID) has expired; sending through the robot API")
                conversations.dropSessionWebhook(of: conversationID)
                sendThroughRobotAPI(body, conversationID: conversationID, route: route, operation: operation)
            case let .success(answer):
                let failure = answer.failure
                complete(operation) { $0.fail(failure.error, retryAfterMilliseconds: failure.retryAfterMilliseconds) }
            case let .failure(error):
                fail(operation, error)
            }
        }
    }

    /// The robot APIs: one-to-one messages to the user of a single chat, group
    /// messages to a group.
    private func sendThroughRobotAPI(_ body: RobotMessageBody, conversationID: String, route: Conversations.Route, operation: Int) {
        let (msgKey, msgParam) = body.templateMessage
        if route.isGroup {
            let request = GroupMessageRequest(robotCode: settings.robotCode, openConversationId: conversationID, msgKey: msgKey, msgParam: msgParam)
            call("POST", "/v1.0/robot/groupMessages/send", request, returning: SendAnswer.self, for: operation) { answer, completion in
                completion.succeed(messageID: answer.processQueryKey)
            }
        } else {
            guard let staffID = route.staffID else {
                return complete(operation) {
                    $0.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "the user of conversation \(conversationID) has no staff id: only its session webhook reaches it, and that has expired"))
                }
            }
            let request = PrivateMessageRequest(robotCode: settings.robotCode, userIds: [staffID], msgKey: msgKey, msgParam: msgParam)
            call("POST", "/v1.0/robot/oToMessages/batchSend", request, returning: SendAnswer.self, for: operation) { answer, completion in
                if answer.invalidStaffIdList?.contains(staffID) == true {
                    completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "DingTalk does not know user \(staffID)"))
                } else if answer.flowControlledStaffIdList?.contains(staffID) == true {
                    completion.fail(ProviderError(code: SB_ERR_RATE_LIMITED, message: "DingTalk is holding back messages to user \(staffID)"),
                                    retryAfterMilliseconds: 60_000)
                } else {
                    completion.succeed(messageID: answer.processQueryKey)
                }
            }
        }
    }

    // MARK: Operations

    /// Keeps `completion` until the operation ends or the channel stops; returns its number.
    func track(_ completion: SendCompletion) -> Int {
        lastOperation += 1
        pendingOperations[lastOperation] = completion
        return lastOperation
    }

    /// Ends operation `number` with `body`, unless stop() ended it already.
    func complete(_ number: Int, _ body: (SendCompletion) -> Void) {
        guard let completion = pendingOperations.removeValue(forKey: number) else { return }
        body(completion)
    }

    /// Calls DingTalk for operation `number`: `success` ends it, given the answer; a
    /// failure fails it in the host's terms. [instance-executor]
    func call<Answer: Decodable>(_ method: String, _ path: String, _ body: some Encodable, returning: Answer.Type, for number: Int,
                                 success: @escaping (Answer, SendCompletion) -> Void) {
        api.call(method, path, body, returning: Answer.self) { [unowned self] result in
            switch result {
            case let .success(answer): complete(number) { success(answer, $0) }
            case let .failure(error): fail(number, error)
            }
        }
    }

    /// Fails operation `number` with `error` in the host's terms.
    func fail(_ number: Int, _ error: DingTalkAPIError) {
        complete(number) { $0.fail(error.providerError, retryAfterMilliseconds: error.isRateLimited ? 1000 : 0) }
    }
}

/// `POST /v1.0/robot/groupMessages/send`.
struct GroupMessageRequest: Encodable {
    var robotCode: String
    var openConversationId: String
    var msgKey: String
    var msgParam: String
}

/// `POST /v1.0/robot/oToMessages/batchSend`.
struct PrivateMessageRequest: Encodable {
    var robotCode: String
    var userIds: [String]
    var msgKey: String
    var msgParam: String
}

/// What the robot send APIs answer.
struct SendAnswer: Decodable {
    var processQueryKey: String?
    var invalidStaffIdList: [String]?
    var flowControlledStaffIdList: [String]?
}
