import CSwitchboardABI
import Foundation
import SwitchboardStore
import Testing
@testable import SwitchboardHost

/// Users made on first contact, enterprise mapping, and who may talk to the bot.
@Suite struct UserAndAccessTests {
    @Test func firstContactCreatesAUserAndLinksTheIdentity() async throws {
        let harness = try await PipelineHarness("channels: [{id: main, provider: loopback}]")
        _ = try await harness.ask("hi", chat: "u42")
        _ = try await harness.ask("again", chat: "u42")
        let (user, identities, count) = try await harness.host.store.read { transaction in
            let user = try #require(try transaction.user(platform: "loopback", platformUserID: "u42"))
            let count = try transaction.userCount()
            return (user, try transaction.identities(of: user.id), count)
        }
        #expect(user.username == "u42")
        #expect(user.email == "u42@im-platform.com")
        #expect(user.authSource == "loopback")
        #expect(identities == ["loopback:u42"])
        #expect(count == 1)
        await harness.shutdown()
    }

    @Test func aMapperPluginInCReplacesTheDefaultAndJoinsPlatforms() async throws {
        let harness = try await PipelineHarness("""
        users: {mapper: plugin, plugin: corp-directory}
        channels:
          - {id: main, provider: loopback}
          - {id: side, provider: c-loopback, settings: {bot_name: Side}}
        """)
        _ = try await harness.ask("/task", chat: "alice-swift")
        #expect(try await harness.ask("/bind 1", on: "side", chat: "alice-c") == "This chat now continues task #1 \"New task\" (started on channel main).")
        _ = try await harness.ask("hello", chat: "bob")
        let refusal = try await harness.ask("hello", chat: "broken")
        #expect(refusal.contains("I cannot check who you are right now"))
        let (alice, identities, bob) = try await harness.host.store.read { transaction in
            let alice = try #require(try transaction.user(platform: "loopback", platformUserID: "alice-swift"))
            let bob = try #require(try transaction.user(platform: "loopback", platformUserID: "bob"))
            return (alice, try transaction.identities(of: alice.id), bob)
        }
        #expect(alice.username == "alice")
        #expect(alice.email == "alice@corp.example")
        #expect(alice.authSource == "corp-directory")
        #expect(Set(identities) == ["loopback:alice-swift", "c-loopback:alice-c"], "one user on two platforms")
        #expect(bob.username == "bob" && bob.authSource == "loopback", "the mapper left bob to the default")
        await harness.shutdown()
    }

    @Test func groupsAnswerOnlyWhenMentionedByDefault() async throws {
        let harness = try await PipelineHarness("""
        channels:
          - {id: main, provider: loopback}
          - {id: all, provider: loopback, access: {groups: all}}
          - {id: off, provider: loopback, access: {groups: off}}
        """)
        try await harness.deliver("chatter", chat: "team", sender: "bob", group: true)
        #expect(try await harness.ask("hey bot", chat: "team", sender: "bob", group: true, mentionsBot: true) == "hey bot",
                "the unmentioned message before it got no answer")
        #expect(try await harness.ask("chatter", on: "all", chat: "team", sender: "bob", group: true) == "chatter")
        try await harness.deliver("hey bot", on: "off", chat: "team", sender: "bob", group: true, mentionsBot: true)
        #expect(try await harness.ask("private", on: "off", chat: "bob") == "private", "groups off still answers private chats")
        await harness.shutdown()
    }

    @Test func anAllowlistKeepsStrangersOut() async throws {
        let harness = try await PipelineHarness("channels: [{id: main, provider: loopback, access: {private: allowlist, allowlist: [friend]}}]")
        #expect(try await harness.ask("hi", chat: "friend") == "hi")
        #expect(try await harness.ask("hi", chat: "stranger")
                == "Sorry, this bot only talks to people on its allowlist. Your user id is stranger; ask the bot's operator to add it.")
        await harness.shutdown()
    }

    @Test func pairingNeedsAnOperatorsApproval() async throws {
        let harness = try await PipelineHarness("channels: [{id: main, provider: loopback, access: {private: pairing}}]")
        let first = try await harness.ask("hi", chat: "newcomer")
        let code = try #require(first.firstMatch(of: /pairing code is ([A-Z0-9]{8})/).map { String($0.1) })
        #expect(first == "This bot needs its operator's approval before it can talk to you. Your pairing code is \(code); send it to the operator.")
        #expect(try await harness.ask("hello?", chat: "newcomer") == "Your request is still waiting for the operator's approval. Your pairing code is \(code).")
        let config = try harness.folder.write("config.yaml", "host: {data_dir: ./data}\n")
        let listed = try run(Paths.executable, ["pairing", "list", "--config", config])
        #expect(listed.standardOutput.contains("\(code)  channel main  user newcomer"))
        let approved = try run(Paths.executable, ["pairing", "approve", "--config", config, code.lowercased()])
        #expect(approved.status == 0)
        #expect(approved.standardOutput == "approved user newcomer on channel main\n")
        #expect(try run(Paths.executable, ["pairing", "approve", "--config", config, "NOSUCHCODE"]).status == 1)
        #expect(try await harness.ask("now?", chat: "newcomer") == "now?")
        await harness.shutdown()
    }

    @Test func aUserSendingTooFastIsToldOnceThenIgnored() async throws {
        let harness = try await PipelineHarness("channels: [{id: main, provider: loopback, access: {rate_limit: {messages: 2, per_seconds: 60}}}]")
        #expect(try await harness.ask("1") == "1")
        #expect(try await harness.ask("2") == "2")
        #expect(try await harness.ask("3").hasPrefix("You are sending messages faster than I can answer"))
        try await harness.deliver("4")
        harness.clock.advance(by: 61)
        #expect(try await harness.ask("5") == "5", "message 4 was dropped silently; a new window admits 5")
        await harness.shutdown()
    }
}
