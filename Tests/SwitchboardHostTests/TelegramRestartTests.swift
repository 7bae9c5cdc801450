import Foundation
import SwitchboardSimulator
import Testing

/// The `switchboard` process with the Telegram plugin, killed with SIGKILL while it
/// answers: after a restart every update is answered, none twice, and the token never
/// shows in the log.
@Suite(.timeLimit(.minutes(2))) struct TelegramRestartTests {
    static let users = (0..<5).map { TelegramUser(id: 2001 + Int64($0), firstName: "User \($0)") }
    static let perUser = 3

    @Test func sigkillWhileAnsweringLosesNoUpdateAndAnswersNoneTwice() async throws {
        let telegram = TelegramSimulator()
        let server = SimulatorServer(platform: telegram)
        try await server.start()
        let folder = try TemporaryFolder()
        let config = try folder.write("config.yaml", TelegramHarness.yaml(
            mode: "polling", token: telegram.token, apiURL: server.baseURL, wordIntervalMS: 0, logLevel: "info"))

        // Everything is waiting with Telegram before the host first starts.
        var questions: [TelegramMessage] = []
        for round in 0..<Self.perUser {
            for user in Self.users {
                questions.append(await telegram.userSends("question \(round) from \(user.firstName)", from: user, in: .privateChat(with: user)))
            }
        }
        let lastUpdateID = try #require(questions.last?.updateID)

        // First run: two answers go out, then no sendMessage gets through; the host is
        // killed once every chat waits on one (each chat's earlier answers are recorded).
        let sendMessage = Fault.PathPattern.exact("/bot\(telegram.token)/sendMessage")
        server.faults.add(Fault(path: sendMessage, action: .proceed, count: 2))
        server.faults.add(.stall(sendMessage, count: nil))
        let first = try HostProcess(config: config, in: folder)
        _ = try await server.requests.wait(for: 2 + Self.users.count) { $0.path.hasSuffix("/sendMessage") }
        let firstLog = await offThePool { first.kill() }
        server.faults.clear()
        let answeredBeforeKill = await telegram.activity.all.compactMap(\.sent).count
        #expect(answeredBeforeKill == 2, "the kill came mid-way")

        // Second run: picks up what was stored and what Telegram still holds.
        let second = try HostProcess(config: config, in: folder)
        let questionIDs = Set(questions.map(\.messageID))
        _ = try await telegram.activity.wait(for: questions.count) { activity in
            activity.sent.map { $0.replyToMessageID.map(questionIDs.contains) ?? false } ?? false
        }
        // The last update is confirmed to Telegram by the offset of the next poll.
        _ = try await server.requests.first { $0.path.hasSuffix("/getUpdates") && ($0.text ?? "").contains("\"offset\":\(lastUpdateID + 1)") }
        let (status, secondLog) = await offThePool { second.terminate() }
        #expect(status == 0)

        let answers = await telegram.activity.all.compactMap(\.sent)
        for question in questions {
            let replies = answers.filter { $0.isReply(to: question) }
            #expect(replies.count == 1, "\"\(question.text)\" answered \(replies.count) times")
            #expect(replies.first?.text == question.text)
        }
        #expect(await telegram.pendingUpdateCount() == 0)
        #expect(!(firstLog + secondLog).contains(telegram.token), "the bot token is never logged")
        #expect(!(firstLog + secondLog).isEmpty)
        await server.stop()
    }
}

/// Runs blocking work (waiting for a process, reading its log) on a thread of its own,
/// so that the in-process simulator the process talks to keeps its threads.
private func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

/// Used by one test task at a time; handed to a thread only while that task waits.
extension HostProcess: @unchecked Sendable {}
