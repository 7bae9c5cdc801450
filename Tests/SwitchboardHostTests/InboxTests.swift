import CSwitchboardABI
import Foundation
import SwitchboardStore
import Testing
@testable import SwitchboardHost

/// The durable inbox, conversations and the store file, on a real SQLite file.
@Suite struct InboxTests {
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
        for text in ["a", "b", "c", "d"] { #expect(try await harness.deliver(text) == SB_OK) }
        var texts: [String] = []
        for _ in 0..<4 { texts.append(try await harness.nextReply().text) }
        let busy = texts.filter { $0.hasPrefix("I am still working on your earlier messages") }
        #expect(!busy.isEmpty, "a chat with one waiting slot cannot queue four messages at once: \(texts)")
        #expect(texts.count - busy.count + busy.count == 4, "every message got exactly one answer")
        let echoes = texts.filter { !$0.hasPrefix("I am still working") }
        #expect(echoes == echoes.sorted(), "the answered ones keep their order")
        await harness.shutdown()
    }

    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? 0) & 0o777
    }
}

/// Whose conversation a group message continues.
@Suite struct GroupContextTests {
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
