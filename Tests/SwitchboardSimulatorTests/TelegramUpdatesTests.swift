import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Synchronization
import Testing

/// getUpdates: confirmation by offset, limits, long polls and conflicts.
@Suite(.timeLimit(.minutes(2))) struct TelegramUpdatesTests {
    @Test func updatesCarryTheMessageAndAreConfirmedByOffset() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            let first = await telegram.userSends("one", from: .alice, in: .aliceChat)
            await telegram.userSends("two", from: .bob, in: .team)
            let updates = try await server.bot("getUpdates").resultArray
            #expect(updates.map { $0["update_id"] as? Int } == [700_000_001, 700_000_002])
            let message = try #require(updates[0]["message"] as? [String: Any])
            #expect(message["message_id"] as? Int == first.messageID)
            #expect(message["text"] as? String == "one")
            #expect((message["from"] as? [String: Any])?["username"] as? String == "alice")
            #expect((message["from"] as? [String: Any])?["is_bot"] as? Bool == false)
            let chat = try #require((updates[1]["message"] as? [String: Any])?["chat"] as? [String: Any])
            #expect(chat["type"] as? String == "group")
            #expect(chat["title"] as? String == "Team")
            #expect(chat["is_forum"] == nil)
            #expect(try await server.bot("getUpdates").resultArray.count == 2, "not confirmed yet")
            let rest = try await server.bot("getUpdates", ["offset": 700_000_002]).resultArray
            #expect(rest.map { $0["update_id"] as? Int } == [700_000_002])
            #expect(await telegram.pendingUpdateCount() == 1)
            #expect(try await server.bot("getUpdates", ["offset": "700000003"]).resultArray.isEmpty)
        }
    }

    @Test func limitClampsAndANegativeOffsetKeepsTheLastUpdates() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            for text in ["a", "b", "c", "d"] { await telegram.userSends(text, from: .alice, in: .aliceChat) }
            #expect(try await server.bot("getUpdates", ["limit": 2]).resultArray.count == 2)
            #expect(try await server.bot("getUpdates", ["limit": 0]).resultArray.count == 1)
            let last = try await server.bot("getUpdates", ["offset": -2]).resultArray
            #expect(last.map { ($0["message"] as? [String: Any])?["text"] as? String } == ["c", "d"])
            #expect(await telegram.pendingUpdateCount() == 2)
        }
    }

    @Test func forumTopicMessagesSayTheirThread() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("topic", from: .alice, in: .forum, threadID: 3)
            let message = try #require(try await server.bot("getUpdates").resultArray.first?["message"] as? [String: Any])
            #expect(message["message_thread_id"] as? Int == 3)
            #expect(message["is_topic_message"] as? Bool == true)
            #expect((message["chat"] as? [String: Any])?["is_forum"] as? Bool == true)
            #expect((message["chat"] as? [String: Any])?["type"] as? String == "supergroup")
        }
    }

    @Test func aLongPollIsAnsweredByAMessageSentWhileItWaits() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            async let poll = server.bot("getUpdates", ["timeout": 50])
            // Once the poll has arrived, send: if it is not waiting yet, the update is
            // pending when it looks, so it answers either way, long before its timeout.
            _ = try await server.requests.first { $0.path.hasSuffix("/getUpdates") }
            await telegram.userSends("wake up", from: .alice, in: .aliceChat)
            let updates = try await poll.resultArray
            #expect((updates.first?["message"] as? [String: Any])?["text"] as? String == "wake up")
        }
    }

    @Test func aLongPollWithNothingAnswersEmptyAfterItsTimeout() async throws {
        try await withTelegramSimulator { server, _ async throws in
            let started = ContinuousClock.now
            let answer = try await server.bot("getUpdates", ["timeout": 1])
            #expect(answer.text == #"{"ok":true,"result":[]}"#)
            #expect(ContinuousClock.now - started >= .milliseconds(900))
            // The simulator closes a connection after a poll that waited: it says so, so
            // a client does not send its next request on it (and lose that one).
            #expect(answer.header("Connection") == "close")
            #expect(try await server.bot("getUpdates").header("Connection") == nil, "a poll answered at once keeps it")
        }
    }

    @Test func aNewerPollerEndsTheOlderWithAConflict() async throws {
        try await withTelegramSimulator { server, _ async throws in
            let olderDone = Mutex(false)
            let older = Task {
                defer { olderDone.withLock { $0 = true } }
                return try await server.bot("getUpdates", ["timeout": 50])
            }
            _ = try await server.requests.first { $0.path.hasSuffix("/getUpdates") }
            // A newer poll that comes before the older waits ends nothing and answers
            // at once; the first one that comes after it ends it.
            var newer: [HTTPResponse] = []
            while !olderDone.withLock({ $0 }) {
                newer.append(try await server.bot("getUpdates", ["timeout": 0]))
            }
            let conflict = try await older.value
            #expect(conflict.status == 409)
            #expect(conflict.apiDescription == "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
            #expect(newer.allSatisfy { $0.text == #"{"ok":true,"result":[]}"# })
        }
    }

    @Test func aLongPollEndsPromptlyWhenTheServerStops() async throws {
        let server = SimulatorServer(platform: TelegramSimulator(), logger: testLogger)
        try await server.start()
        let poll = Task { try await server.bot("getUpdates", ["timeout": 50]) }
        _ = try await server.requests.first { $0.path.hasSuffix("/getUpdates") }
        let stopping = ContinuousClock.now
        await server.stop()
        // Cut at the grace period (with room for a busy machine), not after the poll's 50 s.
        #expect(ContinuousClock.now - stopping < SimulatorServer.shutdownGracePeriod * 2)
        if case let .success(answer) = await poll.result { #expect(answer.text == #"{"ok":true,"result":[]}"#) }
    }
}
