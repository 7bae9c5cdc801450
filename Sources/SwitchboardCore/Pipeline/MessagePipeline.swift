import Foundation
public import Logging
public import SwitchboardStore
import Synchronization

/// The inbound half of Switchboard: every delivered message is stored before its
/// provider may acknowledge it, then handled in its chat's serial queue: access policy,
/// user mapping, commands or an agent turn, and replies recorded before they are sent.
///
/// Nothing is dropped on the way: a message whose handling fails is retried in place
/// (its chat waits, so order holds); a reply that cannot be sent because its channel is
/// down waits for the channel. A restart picks up where a crash left off: `start()`
/// queues every stored message not yet finished; one whose replies were recorded only
/// has its unsent replies sent, with the same idempotency keys.
public final class MessagePipeline: Sendable {
    /// What became of a delivery, for the provider's acknowledgement.
    public enum DeliveryOutcome: Sendable, Equatable {
        /// Stored: acknowledge it.
        case stored
        /// Stored before: acknowledge it and drop it.
        case duplicate
        /// Not stored (the store failed): do not acknowledge, so the platform delivers it again.
        case notStored(String)
        /// Not stored because the host is stopping.
        case shuttingDown
    }

    /// A message whose handling finished, for observers.
    public struct HandledMessage: Sendable, Equatable {
        public let channelID: String
        public let messageID: String
        public let outcome: InboxOutcome
    }

    /// Tunables with sane defaults.
    public struct Options: Sendable {
        /// How many history entries an agent sees.
        public var historyLimit = 50
        /// How many deliveries at most share one store transaction.
        public var intakeBatch = 256
        /// The first wait before retrying a failed send or a failed message; it doubles
        /// after each failure up to `maximumRetryDelay`, unless the platform said how long.
        public var retryDelay: Duration = .seconds(1)
        public var maximumRetryDelay: Duration = .seconds(30)
        /// How often a chat with a full queue is told so (once per this period).
        public var overflowNoticeInterval: Duration = .seconds(60)

        public init() {}
    }

    private typealias Delivery = (message: InboundMessage, done: @Sendable (DeliveryOutcome) -> Void)

    /// Handling stopped because the pipeline is finishing; the message stays stored.
    private struct Interrupted: Error {}
    /// A stored message that can never be handled.
    private struct Unreadable: Error { let reason: String }

    private static let overflowSuffix = "\u{1F}overflow"

    private let store: Store
    private let profiles: [String: ChannelProfile]
    private let configuredChannels: Set<String>
    private let users: UserDirectory
    private let transport: any ReplySurface
    private let reportAgentFailure: @Sendable (_ channelID: String, _ detail: String) async -> Void
    private let logger: Logger
    private let options: Options
    private let gate: AccessGate
    private let commands = CommandHandler()
    private let intake = Intake<Delivery>()
    private let intakeTask = Mutex<Task<Void, Never>?>(nil)
    private let overflowNotices = Mutex<[String: Date]>([:])
    private let handled = Broadcast<HandledMessage>()
    private let queues: ChatQueues

    /// - Parameters:
    ///   - profiles: the channels that can run.
    ///   - configuredChannels: every configured channel id, runnable or not; messages of a
    ///     configured channel that cannot run now stay stored for a later start.
    /// - Parameter reportAgentFailure: shows an agent's failure in its channel's status.
    public init(
        store: Store, profiles: [ChannelProfile], configuredChannels: Set<String>, users: UserDirectory,
        transport: any ReplySurface, logger: Logger, options: Options = Options(),
        reportAgentFailure: @escaping @Sendable (_ channelID: String, _ detail: String) async -> Void = { _, _ in }
    ) {
        self.store = store
        self.profiles = Dictionary(profiles.map { ($0.channelID, $0) }, uniquingKeysWith: { first, _ in first })
        self.configuredChannels = configuredChannels
        self.users = users
        self.transport = transport
        self.reportAgentFailure = reportAgentFailure
        self.logger = logger
        self.options = options
        gate = AccessGate(store: store)
        let owner = WeakPipeline()
        queues = ChatQueues { entry, queue in await owner.pipeline?.handle(entry, queue: queue) }
        owner.pipeline = self
    }

    // MARK: Lifecycle

    /// Queues every stored message not yet finished (after a crash or kill), then starts
    /// taking deliveries. Returns how many were queued.
    @discardableResult
    public func start() async throws -> Int {
        let unfinished = try await store.read { try $0.unfinishedInbound() }
        for entry in unfinished { queues.enqueue(entry, limit: nil) }
        if !unfinished.isEmpty { logger.notice("resuming \(unfinished.count) message(s) received before the last stop") }
        intakeTask.withLock { $0 = Task { await self.storeDeliveries() } }
        return unfinished.count
    }

    /// Cancels the turns still running (after a shutdown deadline): their agents stop,
    /// and their messages stay stored, unfinished, for the next start.
    public func abandon() {
        intake.close()
        queues.cancelAll()
    }

    /// Stops taking deliveries, stores those already handed over, and waits until every
    /// queued message is handled or set aside for the next start.
    public func finish() async {
        intake.close()
        await intakeTask.withLock { $0 }?.value
        await queues.drain()
        handled.finish()
    }

    /// Every message handled from now on, with its outcome.
    public func handledMessages() -> AsyncStream<HandledMessage> {
        handled.subscribe()
    }

    // MARK: Intake

    /// Hands over a delivered message; `done` is called once it is stored (or not).
    /// Thread-safe; deliveries are stored in the order they are handed over.
    public func deliver(_ message: InboundMessage, done: @escaping @Sendable (DeliveryOutcome) -> Void) {
        if !intake.submit((message, done)) { done(.shuttingDown) }
    }

    private func storeDeliveries() async {
        while let batch = await intake.nextBatch(limit: options.intakeBatch) {
            let addressed = batch.map { isAddressed($0.message) }
            let outcomes: [Result<StoreTransaction.InsertOutcome, any Error>]
            do {
                outcomes = try await insert(batch, addressed: addressed).map { .success($0) }
            } catch {
                // One bad row must not refuse the others: store them one by one.
                logger.warning("storing \(batch.count) message(s) together failed (\(error)); storing them one by one")
                var single: [Result<StoreTransaction.InsertOutcome, any Error>] = []
                for (delivery, addressed) in zip(batch, addressed) {
                    do { single.append(.success(try await insert([delivery], addressed: [addressed])[0])) } catch { single.append(.failure(error)) }
                }
                outcomes = single
            }
            for ((delivery, addressed), outcome) in zip(zip(batch, addressed), outcomes) {
                switch outcome {
                case let .success(.inserted(entry)):
                    delivery.done(.stored)
                    route(entry, addressed: addressed)
                case .success(.duplicate):
                    delivery.done(.duplicate)
                case let .failure(error):
                    logger.error("could not store message \(delivery.message.channelID)/\(delivery.message.messageID): \(error)")
                    delivery.done(.notStored("the store failed: \(error)"))
                }
            }
        }
    }

    /// Whether a message is meant for the bot under its channel's group policy
    /// (messages of a channel that cannot run now are kept for later: addressed).
    private func isAddressed(_ message: InboundMessage) -> Bool {
        profiles[message.channelID].map { AccessGate.isAddressed(message, access: $0.access) } ?? true
    }

    /// Stores deliveries in one transaction. Those not `addressed` to the bot are
    /// finished at once, so they take no place in a queue.
    private func insert(_ deliveries: [Delivery], addressed: [Bool]) async throws -> [StoreTransaction.InsertOutcome] {
        let rows = try zip(deliveries, addressed).map { delivery, addressed in
            (delivery.message, String(decoding: try JSONEncoder().encode(delivery.message), as: UTF8.self), addressed)
        }
        return try await store.write { transaction in
            try rows.map { message, payload, addressed in
                let outcome = try transaction.insertInbound(
                    channelID: message.channelID, messageID: message.messageID,
                    chatKey: ChatKeys.queueKey(of: message), payload: payload
                )
                if case let .inserted(entry) = outcome, !addressed { try transaction.finishInbound(entry.id, outcome: .ignored) }
                return outcome
            }
        }
    }

    private func route(_ entry: InboxEntry, addressed: Bool) {
        guard addressed else {
            handled.publish(HandledMessage(channelID: entry.channelID, messageID: entry.messageID, outcome: .ignored))
            return
        }
        guard let profile = profiles[entry.channelID] else {
            queues.enqueue(entry, limit: nil)
            return
        }
        if !queues.enqueue(entry, limit: profile.conversation.queueLimit) {
            queues.enqueue(entry, key: entry.chatKey + Self.overflowSuffix, limit: nil)
        }
    }

    // MARK: Handling one message

    /// Handles an entry; on failure retries it in place, so its chat keeps its order.
    private func handle(_ entry: InboxEntry, queue: String) async {
        var delay = options.retryDelay
        while true {
            do {
                if queue.hasSuffix(Self.overflowSuffix) {
                    try await refuseOverflow(entry)
                } else {
                    try await process(entry)
                }
                return
            } catch is Interrupted {
                return
            } catch let unreadable as Unreadable {
                logger.error("message \(entry.channelID)/\(entry.messageID) cannot be handled (\(unreadable.reason)); it is set aside")
                try? await finish(entry, .ignored)
                return
            } catch {
                guard !intake.isClosed else { return }
                logger.error("message \(entry.channelID)/\(entry.messageID) failed: \(error); retrying in \(delay)")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, options.maximumRetryDelay)
            }
        }
    }

    private func process(_ entry: InboxEntry) async throws {
        if try await store.read({ try $0.hasReplies(to: entry.id) }) {
            try await sendReplies(of: entry, outcome: .answered)
            return
        }
        let message: InboundMessage
        do {
            message = try JSONDecoder().decode(InboundMessage.self, from: Data(entry.payload.utf8))
        } catch {
            throw Unreadable(reason: "its stored form does not decode: \(error)")
        }
        guard configuredChannels.contains(entry.channelID) else {
            logger.warning("dropping a message of channel \(entry.channelID), which is no longer configured")
            try await finish(entry, .ignored)
            return
        }
        guard let profile = profiles[entry.channelID] else {
            logger.warning("channel \(entry.channelID) cannot run; its message \(entry.messageID) stays stored for a later start")
            return
        }
        switch try await gate.check(message, profile: profile, receivedAt: entry.receivedAt) {
        case .ignore:
            try await finish(entry, .ignored)
        case let .refuse(text):
            try await refuse(entry, message: message, text)
        case .admit:
            try await answer(entry, message: message, profile: profile)
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
        let commands = commands, chunker = await chunker(for: entry.channelID)
        let handledAsCommand = try await store.write { transaction -> Bool in
            guard let replies = try commands.handle(input, in: transaction) else { return false }
            try transaction.addReplies(to: entry.id, ReplyDraft.replies(to: message, replies, chunker: chunker))
            return true
        }
        if handledAsCommand {
            try await sendReplies(of: entry, outcome: .answered)
        } else {
            try await agentTurn(entry, message: message, user: user, profile: profile, contextKey: contextKey)
        }
    }

    private func agentTurn(_ entry: InboxEntry, message: InboundMessage, user: UserRecord, profile: ChannelProfile, contextKey: String) async throws {
        let historyLimit = options.historyLimit, idleTimeout = profile.conversation.idleTimeout
        let (conversation, notice, history) = try await store.write { transaction in
            var context = try transaction.chatContext(contextKey)
            context.selection = nil  // talking to the agent leaves any open menu
            let (conversation, notice) = try transaction.currentConversation(
                for: &context, user: user, channelID: profile.channelID, idleTimeout: idleTimeout
            )
            try transaction.saveChatContext(context, for: contextKey)
            return (conversation, notice, try transaction.history(of: conversation.id, limit: historyLimit))
        }
        var capabilities = await transport.capabilities(of: profile.channelID) ?? ProviderCapabilities()
        if let allowed = profile.streamingModes { capabilities.streamingModes.formIntersection(allowed) }
        let chunker = MessageChunker(for: capabilities)
        if let notice {
            // Shown live: written ahead of the answer, it would mark an interrupted turn answered.
            _ = try? await transport.send(ReplyTarget(replyingTo: message).message(notice, idempotencyKey: "\(entry.channelID):\(entry.id):notice"))
        }
        let turn = AgentTurn(message: message, user: user, conversation: conversation, history: history)
        let strategy = ReplyStrategy.best(for: capabilities, chatType: message.chatType, fallback: profile.fallbackStrategy)
        // Agents write Markdown; a platform that formats it gets it as such.
        let format: TextFormat = capabilities.features.contains(.markdown) ? .markdown : .plain
        let reply = await ReplyEmitter(surface: transport, settings: profile.streaming, clock: ContinuousClock()).emit(
            profile.agent.respond(to: turn), to: ReplyTarget(replyingTo: message, format: format), strategy: strategy,
            chunker: chunker, features: capabilities.features, keyPrefix: "\(entry.channelID):\(entry.id)"
        )
        if reply.agentError is CancellationError {
            throw Interrupted()  // stopping: the message stays unfinished for the next start
        }
        if let error = reply.agentError {
            logger.warning("agent \(profile.agentName) failed: \(error)", metadata: ["channel": "\(profile.channelID)"])
            await reportAgentFailure(profile.channelID, "agent \(profile.agentName): \(error)")
        }
        var exchange = [HistoryEntry(role: .user, text: message.text)]
        if !reply.text.isEmpty { exchange.append(HistoryEntry(role: .assistant, text: reply.text)) }
        // What the emitter showed is on the platform already; the rest (all of it for
        // sync) is recorded and sent like any reply, durably.
        let visibleText = { (text: String?) in [text ?? ""].filter { !$0.allSatisfy(\.isWhitespace) } }
        let undelivered = ReplyDraft.replies(to: message, visibleText(reply.undelivered), chunker: chunker, format: format)
        let failureNotice = ReplyDraft.replies(to: message, visibleText(reply.failureNotice), chunker: chunker)
        let finalExchange = exchange
        try await store.write { transaction in
            try transaction.append(finalExchange, to: conversation.id)
            if conversation.isUntitled, history.isEmpty {
                try transaction.setTitle(ConversationRecord.title(from: message.text), of: conversation.id)
            }
            try transaction.addReplies(to: entry.id, undelivered + failureNotice)
        }
        try await sendReplies(of: entry, outcome: .answered)
    }

    private func refuse(_ entry: InboxEntry, message: InboundMessage, _ text: String) async throws {
        let chunker = await chunker(for: entry.channelID)
        _ = try await store.write { try $0.addReplies(to: entry.id, ReplyDraft.replies(to: message, [text], chunker: chunker)) }
        try await sendReplies(of: entry, outcome: .refused)
    }

    /// Splits replies at the limit the channel's provider declared.
    private func chunker(for channelID: String) async -> MessageChunker {
        MessageChunker(for: await transport.capabilities(of: channelID) ?? ProviderCapabilities())
    }

    /// Answers a message its chat's full queue could not take: the first time in a
    /// while with an explanation, after that silently.
    private func refuseOverflow(_ entry: InboxEntry) async throws {
        let interval = options.overflowNoticeInterval
        let tell = overflowNotices.withLock { notices in
            if let last = notices[entry.chatKey], entry.receivedAt.timeIntervalSince(last) < interval.timeInterval { return false }
            notices[entry.chatKey] = entry.receivedAt
            return true
        }
        guard tell else {
            try await finish(entry, .refused)
            return
        }
        let message = try JSONDecoder().decode(InboundMessage.self, from: Data(entry.payload.utf8))
        try await refuse(entry, message: message, "I am still working on your earlier messages; please send this one again in a moment.")
    }

    private func finish(_ entry: InboxEntry, _ outcome: InboxOutcome) async throws {
        try await store.write { try $0.finishInbound(entry.id, outcome: outcome) }
        handled.publish(HandledMessage(channelID: entry.channelID, messageID: entry.messageID, outcome: outcome))
    }

    // MARK: Sending

    /// Sends the entry's unsent replies in order, then marks it finished.
    private func sendReplies(of entry: InboxEntry, outcome: InboxOutcome) async throws {
        try await sendUnsent(of: entry)
        try await finish(entry, outcome)
    }

    /// Sends the entry's unsent replies in order.
    private func sendUnsent(of entry: InboxEntry) async throws {
        let unsent = try await store.read { try $0.unsentReplies(to: entry.id) }
        for reply in unsent {
            switch try await send(reply) {
            case let .success(platformID):
                try await store.write { try $0.markSent(reply.id, platformMessageID: platformID) }
            case let .failure(error):
                logger.error("reply to \(reply.draft.channelID)/\(reply.draft.chatID) cannot be sent: \(error)")
                try await store.write { try $0.markFailed(reply.id, reason: error.description) }
            }
        }
    }

    /// Sends one reply. A retryable failure (the channel is down, the platform busy or
    /// rate-limiting) is retried until it succeeds, waiting longer each time; only a
    /// permanent failure gives up. Throws `Interrupted` when the pipeline finishes first.
    private func send(_ reply: OutboxEntry) async throws -> Result<String?, ReplySendError> {
        guard configuredChannels.contains(reply.draft.channelID) else {
            return .failure(ReplySendError("channel \(reply.draft.channelID) is no longer configured", isRetryable: false))
        }
        let message = OutboundMessage(reply)
        var delay = options.retryDelay
        while true {
            do {
                return .success(try await transport.send(message))
            } catch where error.isRetryable {
                guard !intake.isClosed else { throw Interrupted() }
                logger.notice("reply to \(reply.draft.channelID)/\(reply.draft.chatID) waits: \(error)")
                try? await Task.sleep(for: error.retryAfter ?? delay)
                delay = min(delay * 2, options.maximumRetryDelay)
            } catch {
                return .failure(error)
            }
        }
    }
}

/// Lets the queues reach the pipeline that owns them without a reference cycle.
private final class WeakPipeline: @unchecked Sendable {
    weak var pipeline: MessagePipeline?
}

extension ReplyDraft {
    /// Replies to `message`, each split into messages that fit the platform's limit.
    static func replies(to message: InboundMessage, _ texts: [String], chunker: MessageChunker, format: TextFormat = .plain) -> [ReplyDraft] {
        texts.flatMap(chunker.chunks(of:)).map { text in
            ReplyDraft(
                channelID: message.channelID, chatID: message.chatID, chatType: message.chatType.rawValue,
                threadID: message.threadID, replyToID: message.messageID, text: text, format: format.rawValue
            )
        }
    }
}

extension MessageChunker {
    /// A chunker for a provider's declared limit (none: effectively unlimited).
    init(for capabilities: ProviderCapabilities) {
        self.init(limit: max(capabilities.messageLimit ?? Int(Int32.max), 4), unit: capabilities.limitUnit)
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
