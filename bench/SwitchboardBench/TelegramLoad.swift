import Foundation
import SwitchboardSimulator

/// Users writing to echo bots through Telegram simulators: each chat sends a message,
/// waits for the bot's answer, then sends the next, so as many messages are in flight
/// as there are chats. Every answer is checked as it arrives (the user's own text,
/// once), and the latency of each is taken from the simulator's enqueuing the user's
/// message to its receiving the bot's `sendMessage`.
struct TelegramLoad {
    /// One bot: its simulator and how many private chats write to it.
    struct Bot {
        let simulator: TelegramSimulator
        let chats: Int
    }

    let bots: [Bot]
    let messagesPerChat: Int
    /// How long the whole load may take before the run counts as failed.
    var deadline: Duration = .seconds(300)

    var totalMessages: Int { bots.reduce(0) { $0 + $1.chats } * messagesPerChat }

    /// The user writing in chat `index`; private chats have the user's id.
    static func user(_ index: Int) -> TelegramUser {
        TelegramUser(id: 500_000 + Int64(index), firstName: "User\(index)", username: "user\(index)")
    }

    /// What the user of chat `chat` writes the `number`th time.
    static func text(chat: Int, number: Int) -> String {
        "message \(number) of chat \(chat): the quick brown fox jumps over the lazy dog"
    }

    /// Sends every message, waits for every answer; throws if an answer is missing,
    /// wrong or repeated.
    func run() async throws -> LoadFigures {
        let ledger = ReplyLedger()
        var activities: [AsyncStream<Timed<TelegramActivity>>] = []
        for bot in bots { activities.append(await bot.simulator.activity.subscribe()) }
        let listeners = activities.enumerated().map { index, activity in
            Task {
                for await timed in activity {
                    guard case let .sent(message) = timed.element else { continue }
                    await ledger.received(ChatKey(bot: index, chat: message.chatID), text: message.text, at: timed.time)
                }
            }
        }
        defer { listeners.forEach { $0.cancel() } }
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            await ledger.expire(after: deadline)
        }
        defer { watchdog.cancel() }

        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for (botIndex, bot) in bots.enumerated() {
                for chat in 0..<bot.chats {
                    group.addTask {
                        let user = Self.user(chat)
                        let key = ChatKey(bot: botIndex, chat: user.id)
                        var latencies: [Duration] = []
                        for number in 1...messagesPerChat {
                            let text = Self.text(chat: chat, number: number)
                            await ledger.expect(key, text: text)
                            let enqueued = ContinuousClock.now
                            await bot.simulator.userSends(text, from: user, in: .privateChat(with: user))
                            latencies.append(try await ledger.answer(key) - enqueued)
                        }
                        return latencies
                    }
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }
        }
        let lastAnswer = await ledger.lastAnswer ?? .now
        try await ledger.check()
        return LoadFigures(messages: latencies.count, elapsed: lastAnswer - started, latencies: latencies)
    }

    /// After the bots stopped: each simulator holds exactly one answer per message,
    /// so nothing came twice, however late, and none was changed after it was checked.
    func checkExactlyOnce() async throws {
        for (index, bot) in bots.enumerated() {
            var answers = 0, changes = 0
            for activity in await bot.simulator.activity.all {
                switch activity {
                case .sent: answers += 1
                case .edited, .draft: changes += 1
                case .chatAction: break
                }
            }
            let expected = bot.chats * messagesPerChat
            guard answers == expected, changes == 0 else {
                throw BenchFailure("bot \(index) sent \(answers) answers for \(expected) messages, and edited or drafted \(changes) times")
            }
        }
    }
}

/// A chat with one bot.
struct ChatKey: Hashable {
    let bot: Int
    let chat: Int64
}

/// Throughput and latency of one load.
struct LoadFigures {
    let messages: Int
    /// From the first message sent to the last answer received.
    let elapsed: Duration
    let latencies: LatencySummary

    init(messages: Int, elapsed: Duration, latencies: [Duration]) {
        self.messages = messages
        self.elapsed = elapsed
        self.latencies = LatencySummary(latencies)
    }

    var messagesPerSecond: Double { Double(messages) / elapsed.seconds }
}

/// Percentiles of a set of latencies (nearest rank).
struct LatencySummary {
    let p50: Duration
    let p99: Duration
    let max: Duration

    init(_ latencies: [Duration]) {
        let sorted = latencies.sorted()
        func rank(_ fraction: Double) -> Duration {
            guard !sorted.isEmpty else { return .zero }
            return sorted[Swift.max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)]
        }
        p50 = rank(0.5)
        p99 = rank(0.99)
        max = sorted.last ?? .zero
    }
}

/// The message each chat waits on, and what became of it. Answers are matched to
/// chats, and a chat has one message in flight, so an answer nobody waits for, or
/// with other text, is a fault of the bot.
actor ReplyLedger {
    private struct Expectation {
        let text: String
        var answeredAt: ContinuousClock.Instant?
        var waiter: CheckedContinuation<ContinuousClock.Instant, any Error>?
    }

    private var expected: [ChatKey: Expectation] = [:]
    private var problems: [String] = []
    private var problemCount = 0
    private var expiredAfter: Duration?
    /// When the latest answer came.
    private(set) var lastAnswer: ContinuousClock.Instant?

    /// Registers the message a chat is about to send, before it is sent.
    func expect(_ key: ChatKey, text: String) {
        expected[key] = Expectation(text: text)
    }

    func received(_ key: ChatKey, text: String, at time: ContinuousClock.Instant) {
        guard var expectation = expected[key], expectation.answeredAt == nil else {
            report("chat \(key.chat) of bot \(key.bot) got an answer it was not waiting for: \(text.prefix(80))")
            return
        }
        if text != expectation.text {
            report("chat \(key.chat) of bot \(key.bot) got \"\(text.prefix(80))\" for \"\(expectation.text)\"")
        }
        lastAnswer = max(lastAnswer ?? time, time)
        if let waiter = expectation.waiter {
            expected[key] = nil
            waiter.resume(returning: time)
        } else {
            expectation.answeredAt = time
            expected[key] = expectation
        }
    }

    /// When the answer to the chat's message came, once it came.
    func answer(_ key: ChatKey) async throws -> ContinuousClock.Instant {
        if let expiredAfter { throw BenchFailure("messages still unanswered after \(expiredAfter)") }
        if let answeredAt = expected[key]?.answeredAt {
            expected[key] = nil
            return answeredAt
        }
        return try await withCheckedThrowingContinuation { expected[key]?.waiter = $0 }
    }

    /// Fails every chat still waiting.
    func expire(after deadline: Duration) {
        expiredAfter = deadline
        let waiting = expected.values.compactMap(\.waiter)
        for waiter in waiting {
            waiter.resume(throwing: BenchFailure("\(waiting.count) messages still unanswered after \(deadline)"))
        }
        expected = expected.mapValues { var expectation = $0; expectation.waiter = nil; return expectation }
    }

    /// Throws if any answer was wrong or unexpected.
    func check() throws {
        guard problemCount == 0 else {
            throw BenchFailure("\(problemCount) wrong or unexpected answers; first: " + problems.joined(separator: "; "))
        }
    }

    private func report(_ problem: String) {
        problemCount += 1
        if problems.count < 5 { problems.append(problem) }
    }
}
