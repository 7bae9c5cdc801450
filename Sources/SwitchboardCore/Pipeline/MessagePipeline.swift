import Foundation
public import Logging
public import SwitchboardStore
import Synchronization

/// The inbound half of Switchboard: every delivered message is stored before its
/// provider may acknowledge it, then handled in its chat's serial queue: access policy,
/// user mapping, commands or an agent turn, and replies recorded before they are sent.
///
/// A restart picks up where a crash left off: `recover()` queues every stored message
/// not yet finished; a message whose replies were recorded only has its unsent replies
/// sent (with the same idempotency keys), so nothing is lost or answered twice.
public final class MessagePipeline: Sendable {
    /// What became of a delivery, for the provider's acknowledgement.
    public enum DeliveryOutcome: Sendable, Equatable {
        /// Stored: acknowledge it.
        case stored
        /// Stored before: acknowledge it and drop it.
        case duplicate
        /// Not stored: do not acknowledge, so the platform delivers it again.
        case notStored(String)
    }

    /// Tunables with sane defaults.
    public struct Options: Sendable {
        /// How many history entries an agent sees.
        public var historyLimit = 50
        /// How many deliveries at most share one store transaction.
        public var intakeBatch = 256
        /// Attempts to send one reply before giving up on it.
        public var sendAttempts = 3
        /// The wait before the second attempt; it doubles after each failure, unless the
        /// platform said how long to wait.
        public var sendRetryDelay: Duration = .seconds(1)

        public init() {}
    }

    private typealias Delivery = (message: InboundMessage, done: @Sendable (DeliveryOutcome) -> Void)

    private let store: Store
    private let profiles: [String: ChannelProfile]
    private let users: UserDirectory
    private let transport: any ReplyTransport
    private let logger: Logger
    private let options: Options
    private let gate: AccessGate
    private let commands = CommandHandler()
    private let intake = Intake<Delivery>()
    private let intakeTask = LockedTask()
    private let queues: ChatQueues

    public init(
        store: Store, profiles: [ChannelProfile], users: UserDirectory, transport: any ReplyTransport,
        logger: Logger, options: Options = Options()
    ) {
        self.store = store
        self.profiles = Dictionary(profiles.map { ($0.channelID, $0) }, uniquingKeysWith: { first, _ in first })
        self.users = users
        self.transport = transport
        self.logger = logger
        self.options = options
        gate = AccessGate(store: store)
        let handler = Handler()
        queues = ChatQueues { await handler.pipeline?.handle($0) }
        handler.pipeline = self
    }

    // MARK: Lifecycle

    /// Queues every stored message not yet finished (after a crash or kill), then starts
    /// taking deliveries. Call before the channels start. Returns how many were queued.
    @discardableResult
    public func start() async throws -> Int {
        let unfinished = try await store.read { try $0.unfinishedInbound() }
        for entry in unfinished { queues.enqueue(entry, limit: nil) }
        if !unfinished.isEmpty { logger.notice("resuming \(unfinished.count) message(s) received before the last stop") }
        intakeTask.set(Task { await self.storeDeliveries() })
        return unfinished.count
    }

    /// Stops taking deliveries, stores those already handed over, and waits until every
    /// queued message is handled.
    public func finish() async {
        intake.close()
        await intakeTask.value()
        await queues.drain()
    }

    // MARK: Intake

    /// Hands over a delivered message; `done` is called once it is stored (or not).
    /// Thread-safe; deliveries are stored in the order they are handed over.
    public func deliver(_ message: InboundMessage, done: @escaping @Sendable (DeliveryOutcome) -> Void) {
        if !intake.submit((message, done)) { done(.notStored("the host is shutting down")) }
    }

    private func storeDeliveries() async {
        while let batch = await intake.nextBatch(limit: options.intakeBatch) {
            let rows: [(InboundMessage, String)]
            do {
                rows = try batch.map { delivery in
                    (delivery.message, String(decoding: try JSONEncoder().encode(delivery.message), as: UTF8.self))
                }
                let outcomes = try await store.write { transaction in
                    try rows.map { message, payload in
                        try transaction.insertInbound(
                            channelID: message.channelID, messageID: message.messageID,
                            chatKey: ChatKeys.queueKey(of: message), payload: payload
                        )
                    }
                }
                for (delivery, outcome) in zip(batch, outcomes) {
                    switch outcome {
                    case let .inserted(entry):
                        delivery.done(.stored)
                        let limit = profiles[entry.channelID]?.conversation.queueLimit
                        if !queues.enqueue(entry, limit: limit) {
                            Task { await self.refuseOverflow(entry, message: delivery.message) }
                        }
                    case .duplicate:
                        delivery.done(.duplicate)
                    }
                }
            } catch {
                logger.error("could not store \(batch.count) delivered message(s): \(error)")
                for delivery in batch { delivery.done(.notStored("the store failed: \(error)")) }
            }
        }
    }

    // MARK: Handling one message

    private func handle(_ entry: InboxEntry) async {
        do {
            if try await store.read({ try $0.hasReplies(to: entry.id) }) {
                try await sendReplies(of: entry, outcome: .answered)
                return
            }
            let message = try JSONDecoder().decode(InboundMessage.self, from: Data(entry.payload.utf8))
            guard let profile = profiles[entry.channelID] else {
                logger.warning("dropping a message of channel \(entry.channelID), which is no longer configured")
                try await store.write { try $0.finishInbound(entry.id, outcome: .ignored) }
                return
            }
            switch try await gate.check(message, profile: profile, receivedAt: entry.receivedAt) {
            case .ignore:
                try await store.write { try $0.finishInbound(entry.id, outcome: .ignored) }
            case let .refuse(text):
                try await refuse(entry, message: message, text)
            case .admit:
                try await answer(entry, message: message, profile: profile)
            }
        } catch {
            logger.error("message \(entry.channelID)/\(entry.messageID) failed: \(error); it stays queued for the next start")
        }
    }

    private func answer(_ entry: InboxEntry, message: InboundMessage, profile: ChannelProfile) async throws {
        let user: UserRecord
        do {
            user = try await users.user(for: PlatformIdentity(
                platform: profile.platform, channelID: profile.channelID, userID: message.senderID, displayName: message.senderName
            ))
        } catch let failure as UserDirectory.MappingFailed {
            logger.error("\(failure)")
            try await refuse(entry, message: message, "I cannot check who you are right now (the user directory is unavailable). Please try again shortly.")
            return
        }
        let contextKey = ChatKeys.contextKey(of: message, groupContext: profile.conversation.groupContext)
        let input = CommandHandler.Input(message: message, user: user, profile: profile, contextKey: contextKey)
        let commands = commands
        let handled = try await store.write { transaction -> Bool in
            guard let replies = try commands.handle(input, in: transaction) else { return false }
            try transaction.addReplies(to: entry.id, replies.map { .reply(to: message, text: $0) })
            return true
        }
        if handled {
            try await sendReplies(of: entry, outcome: .answered)
            return
        }
        try await agentTurn(entry, message: message, user: user, profile: profile, contextKey: contextKey)
    }

    private func agentTurn(_ entry: InboxEntry, message: InboundMessage, user: UserRecord, profile: ChannelProfile, contextKey: String) async throws {
        let historyLimit = options.historyLimit, idleTimeout = profile.conversation.idleTimeout
        let (conversation, notice, history) = try await store.write { transaction in
            var context = try transaction.chatContext(contextKey)
            let (conversation, notice) = try transaction.currentConversation(
                for: &context, user: user, channelID: profile.channelID, idleTimeout: idleTimeout
            )
            try transaction.saveChatContext(context, for: contextKey)
            return (conversation, notice, try transaction.history(of: conversation.id, limit: historyLimit))
        }
        var exchange = [HistoryEntry(role: .user, text: message.text)]
        var replies = notice.map { [$0] } ?? []
        do {
            let text = try await profile.agent.reply(to: AgentTurn(message: message, user: user, conversation: conversation, history: history))
            if !text.isEmpty {
                exchange.append(HistoryEntry(role: .assistant, text: text))
                replies.append(text)
            }
        } catch {
            logger.warning("agent \(profile.agentName) failed: \(error)", metadata: ["channel": "\(profile.channelID)"])
            replies.append("Sorry, the agent could not answer: \(error)")
        }
        let finalReplies = replies, finalExchange = exchange
        try await store.write { transaction in
            try transaction.append(finalExchange, to: conversation.id)
            if conversation.isUntitled, history.isEmpty {
                try transaction.setTitle(ConversationRecord.title(from: message.text), of: conversation.id)
            }
            try transaction.addReplies(to: entry.id, finalReplies.map { .reply(to: message, text: $0) })
        }
        try await sendReplies(of: entry, outcome: .answered)
    }

    /// Answers a message its chat's full queue could not take.
    private func refuseOverflow(_ entry: InboxEntry, message: InboundMessage) async {
        do {
            try await refuse(entry, message: message, "I am still working on your earlier messages; please send this one again in a moment.")
        } catch {
            logger.error("message \(entry.channelID)/\(entry.messageID) failed: \(error); it stays stored for the next start")
        }
    }

    private func refuse(_ entry: InboxEntry, message: InboundMessage, _ text: String) async throws {
        _ = try await store.write { try $0.addReplies(to: entry.id, [.reply(to: message, text: text)]) }
        try await sendReplies(of: entry, outcome: .refused)
    }

    // MARK: Sending

    /// Sends the entry's unsent replies in order, then marks it finished.
    private func sendReplies(of entry: InboxEntry, outcome: InboxOutcome) async throws {
        let unsent = try await store.read { try $0.unsentReplies(to: entry.id) }
        for reply in unsent {
            switch await send(reply) {
            case let .success(platformID):
                try await store.write { try $0.markSent(reply.id, platformMessageID: platformID) }
            case let .failure(error) where intake.isClosed:
                // Shutting down: keep the reply unsent; the next start sends it.
                throw error
            case let .failure(error):
                logger.error("reply to \(reply.draft.channelID)/\(reply.draft.chatID) given up: \(error)")
                try await store.write { try $0.markFailed(reply.id, reason: error.description) }
            }
        }
        try await store.write { try $0.finishInbound(entry.id, outcome: outcome) }
    }

    private func send(_ reply: OutboxEntry) async -> Result<String?, ReplySendError> {
        let message = OutboundMessage(reply)
        var delay = options.sendRetryDelay
        for attempt in 1...options.sendAttempts {
            do {
                return .success(try await transport.send(message))
            } catch {
                guard error.isRetryable, attempt < options.sendAttempts else { return .failure(error) }
                try? await Task.sleep(for: error.retryAfter ?? delay)
                delay *= 2
            }
        }
        return .failure(ReplySendError("no attempts were made", isRetryable: false))
    }
}

/// Breaks the reference cycle between the pipeline and its queues' handler.
private final class Handler: @unchecked Sendable {
    weak var pipeline: MessagePipeline?
}

/// A task set once and awaited later.
private final class LockedTask: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    func set(_ newTask: Task<Void, Never>) { task.withLock { $0 = newTask } }
    func value() async { await task.withLock { $0 }?.value }
}

extension ReplyDraft {
    static func reply(to message: InboundMessage, text: String) -> ReplyDraft {
        ReplyDraft(
            channelID: message.channelID, chatID: message.chatID, chatType: message.chatType.rawValue,
            threadID: message.threadID, replyToID: message.messageID, text: text, format: TextFormat.plain.rawValue
        )
    }
}

extension OutboundMessage {
    init(_ reply: OutboxEntry) {
        self.init(
            channelID: reply.draft.channelID, chatID: reply.draft.chatID,
            chatType: ChatType(rawValue: reply.draft.chatType) ?? .private, text: reply.draft.text,
            format: TextFormat(rawValue: reply.draft.format) ?? .plain, replyToID: reply.draft.replyToID,
            threadID: reply.draft.threadID, idempotencyKey: reply.idempotencyKey
        )
    }
}
