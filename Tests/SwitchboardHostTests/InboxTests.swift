import CSwitchboardABI
import Foundation
import SwitchboardStore
import Testing
@testable import SwitchboardHost

/// The durable inbox, conversations and the store file, on a real SQLite file.
@Suite(.timeLimit(.minutes(2))) struct InboxTests {
    static let channels = PipelineHarness.oneChannel

    @Test func aDuplicateDeliveryIsAcknowledgedAndAnsweredOnce() async throws {
        let harness = try await PipelineHarness(Self.channels)
        #expect(try await harness.deliver("first", id: "dup") == SB_OK)
        #expect(try await harness.deliver("first", id: "dup") == SB_ERR_DUPLICATE)
        #expect(try await harness.nextReply().text == "first")
        #expect(try await harness.ask("second") == "second", "the next reply answers the next message, not the duplicate")
        await harness.shutdown()
    }

    @Test func theStoreIsPrivate() async throws {
        let harness = try await PipelineHarness(Self.channels)
        _ = try await harness.ask("hello")
        let data = harness.folder.file("data")
        #expect(try Self.mode(of: data) == 0o700)
        for name in ["switchboard.sqlite", "switchboard.sqlite-wal", "switchboard.sqlite-shm"] {
            #expect(try Self.mode(of: data + "/" + name) == 0o600, "\(name)")
        }
        await harness.shutdown()
    }

    @Test func turnsAreKeptAsHistoryOfOneConversation() async throws {
        let harness = try await PipelineHarness(Self.channels)
        for text in ["one", "two", "three"] { #expect(try await harness.ask(text) == text) }
        let history = try await harness.host.store.read { transaction in
            let user = try #require(try transaction.user(platform: "loopback", platformUserID: "alice"))
            let conversations = try transaction.recentConversations(userID: user.id, mode: .chat, limit: 10)
            #expect(conversations.count == 1)
            #expect(conversations.first?.title == "one", "titled after its first message")
            return try transaction.history(of: conversations[0].id, limit: 50)
        }
        #expect(history == ["one", "two", "three"].flatMap { [HistoryEntry(role: .user, text: $0), HistoryEntry(role: .assistant, text: $0)] })
        await harness.shutdown()
    }

    @Test func anIdleChatStartsAfreshWithANotice() async throws {
        let harness = try await PipelineHarness("""
        channels:
          - id: main
            provider: loopback
            conversation: {idle_timeout_minutes: 30}
        """)
        #expect(try await harness.ask("before") == "before")
        harness.clock.advance(by: 31 * 60)
        try await harness.deliver("after")
        let notice = try await harness.nextReply().text
        #expect(notice.contains("idle for more than 30 minutes"))
        #expect(try await harness.nextReply().text == "after")
        let conversations = try await harness.host.store.read { transaction in
            let user = try #require(try transaction.user(platform: "loopback", platformUserID: "alice"))
            return try transaction.recentConversations(userID: user.id, mode: .chat, limit: 10).count
        }
        #expect(conversations == 2)
        await harness.shutdown()
    }

    @Test func aFullChatQueueTurnsMessagesAwayPolitely() async throws {
        let harness = try await PipelineHarness("""
        agents: [{name: slow, type: echo, options: {delay_ms: 300}}]
        channels:
          - id: main
            provider: loopback
            conversation: {queue_limit: 1}
            access: {rate_limit: {messages: 0}}
        """)
        for text in ["a", "b", "c", "d"] { #expect(try await harness.deliver(text, id: text) == SB_OK) }
        var outcomes: [String: InboxOutcome] = [:]
        for id in ["a", "b", "c", "d"] { outcomes[id] = try await harness.outcome(of: id) }
        let answered = ["a", "b", "c", "d"].filter { outcomes[$0] == .answered }
        let refused = ["a", "b", "c", "d"].filter { outcomes[$0] == .refused }
        #expect(!refused.isEmpty, "a chat with one waiting slot cannot queue four messages at once: \(outcomes)")
        #expect(answered.count + refused.count == 4)
        var replies: [String] = []
        for _ in 0..<(answered.count + 1) { replies.append(try await harness.nextReply().text) }
        #expect(replies.filter { $0.hasPrefix("I am still working on your earlier messages") }.count == 1, "told once, not per message: \(replies)")
        #expect(replies.filter { !$0.hasPrefix("I am still working") } == answered, "the answered ones, in order")
        #expect(try await harness.ask("e") == "e", "and nothing else was sent")
        await harness.shutdown()
    }

    @Test func aReplyWaitsForItsChannelInsteadOfBeingLost() async throws {
        let harness = try await PipelineHarness("""
        agents: [{name: slow, type: echo, options: {delay_ms: 300}}]
        channels:
          - {id: main, provider: loopback, access: {rate_limit: {messages: 0}}}
        """)
        let updates = harness.host.channels.statusUpdates()
        #expect(try await harness.deliver("while you were out", id: "late") == SB_OK)
        try await harness.host.channels.disable("main")  // the agent is still thinking
        harness.replyStreamEnded(on: "main")
        try await harness.host.channels.enable("main")
        _ = try await harness.host.channels.waitForStatus(of: "main", in: updates) { $0.state == .connected }
        try await harness.observe("main")
        #expect(try await harness.nextReply().text == "while you were out")
        #expect(try await harness.outcome(of: "late") == .answered)
        await harness.shutdown()
    }

    @Test func anExistingStoreIsMadePrivate() async throws {
        let folder = try TemporaryFolder()
        let data = folder.file("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        _ = FileManager.default.createFile(atPath: data + "/switchboard.sqlite", contents: nil, attributes: [.posixPermissions: 0o644])
        let harness = try await PipelineHarness(Self.channels, folder: folder)
        #expect(try Self.mode(of: data) == 0o700)
        #expect(try Self.mode(of: data + "/switchboard.sqlite") == 0o600)
        await harness.shutdown()
    }

    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? 0) & 0o777
    }
}

/// Whose conversation a group message continues.
@Suite(.timeLimit(.minutes(2))) struct GroupContextTests {
    @Test(arguments: [("per_user", 2), ("per_chat", 1)])
    func groupMembersShareAConversationOnlyPerChat(context: String, conversations: Int) async throws {
        let harness = try await PipelineHarness("""
        channels:
          - id: main
            provider: loopback
            conversation: {group_context: \(context)}
            access: {rate_limit: {messages: 0}}
        """)
        #expect(try await harness.ask("from bob", chat: "team", sender: "bob", group: true, mentionsBot: true) == "from bob")
        #expect(try await harness.ask("from carol", chat: "team", sender: "carol", group: true, mentionsBot: true) == "from carol")
        let (count, firstHistory) = try await harness.host.store.read { transaction in
            let bob = try #require(try transaction.user(platform: "loopback", platformUserID: "bob"))
            let carol = try #require(try transaction.user(platform: "loopback", platformUserID: "carol"))
            let all = try transaction.recentConversations(userID: bob.id, mode: .chat, limit: 10)
                + transaction.recentConversations(userID: carol.id, mode: .chat, limit: 10)
            return (all.count, try transaction.history(of: 1, limit: 50).count)
        }
        #expect(count == conversations)
        #expect(firstHistory == (conversations == 1 ? 4 : 2))
        await harness.shutdown()
    }
}
