import CSwitchboardABI
import Foundation
import SwitchboardConfig
import SwitchboardStore
import SwitchboardTestSupport
import Testing
@testable import SwitchboardHost

/// Users made on first contact, enterprise mapping, and who may talk to the bot.
@Suite(.timeLimit(.minutes(2))) struct UserAndAccessTests {
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
        try await harness.deliver("hey bot", on: "off", chat: "team", sender: "bob", group: true, mentionsBot: true, id: "to-off")
        #expect(try await harness.outcome(of: "to-off") == .ignored)
        #expect(try await harness.ask("private", on: "off", chat: "bob") == "private", "groups off still answers private chats")
        await harness.shutdown()
    }

    @Test func anAllowlistKeepsStrangersOutOfPrivateChatsAndGroups() async throws {
        let harness = try await PipelineHarness("channels: [{id: main, provider: loopback, access: {private: allowlist, allowlist: [friend]}}]")
        let refusal = "Sorry, this bot only talks to people on its allowlist. Your user id is stranger; ask the bot's operator to add it."
        #expect(try await harness.ask("hi", chat: "dm-1", sender: "friend") == "hi")
        #expect(try await harness.ask("hi", chat: "dm-2", sender: "stranger") == refusal)
        #expect(try await harness.ask("hi", chat: "friend", sender: "stranger") == refusal, "the sender counts, not the chat")
        #expect(try await harness.ask("hey", chat: "team", sender: "stranger", group: true, mentionsBot: true) == refusal)
        #expect(try await harness.ask("hey", chat: "team", sender: "friend", group: true, mentionsBot: true) == "hey")
        await harness.shutdown()
    }

    @Test func pairingInAGroupSendsTheUserToAPrivateChat() async throws {
        let harness = try await PipelineHarness("channels: [{id: main, provider: loopback, access: {private: pairing}}]")
        #expect(try await harness.ask("hey", chat: "team", sender: "newcomer", group: true, mentionsBot: true)
                == "I need my operator's approval before I can answer you. Message me privately to get a pairing code.")
        let pending = try await harness.host.store.read { try $0.pendingPairingRequests() }
        #expect(pending.isEmpty, "no code was made where the whole group could read it")
        await harness.shutdown()
    }

    @Test func aMappedUsernameDoesNotJoinAUserOfAnotherSource() async throws {
        let harness = try await PipelineHarness("channels: [{id: main, provider: loopback}]")
        let (first, second, again) = try await harness.host.store.write { transaction in
            let first = try transaction.link(platform: "telegram", platformUserID: "12345", channelID: "t", displayName: nil,
                                             to: UserClaim(username: "12345", email: nil, displayName: nil, authSource: "telegram"))
            let second = try transaction.link(platform: "slack", platformUserID: "U1", channelID: "s", displayName: nil,
                                              to: UserClaim(username: "12345", email: nil, displayName: nil, authSource: "corp-directory"))
            let again = try transaction.link(platform: "slack", platformUserID: "U2", channelID: "s", displayName: nil,
                                             to: UserClaim(username: "12345", email: nil, displayName: nil, authSource: "corp-directory"))
            return (first, second, again)
        }
        #expect(first.id != second.id)
        #expect(second.username == "12345@corp-directory")
        #expect(again.id == second.id, "one source's claims still share a user")
        await harness.shutdown()
    }

    @Test func theHTTPMapperIsAskedThroughThePipeline() async throws {
        let server = try TestHTTPServer(routes: ["/map": .reply(
            status: 200, headers: [(name: "Content-Type", value: "application/json")],
            body: Array(#"{"username": "alice", "email": "alice@corp.example"}"#.utf8)
        )])
        defer { server.stop() }
        let harness = try await PipelineHarness("""
        users: {mapper: http, url: "\(server.baseURL)/map", timeout_ms: 2000}
        channels:
          - {id: main, provider: loopback}
          - {id: side, provider: c-loopback, settings: {bot_name: Side}}
        """)
        #expect(try await harness.ask("hi", chat: "a-1") == "hi")
        #expect(try await harness.ask("hi", on: "side", chat: "a-2") == "hi")
        let request = await server.firstRequest(to: "/map")
        let query = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String]
        #expect(query?["platform"] == "loopback" && query?["user_id"] == "a-1" && query?["channel_id"] == "main")
        let identities = try await harness.host.store.read { transaction -> [String] in
            let user = try #require(try transaction.user(platform: "loopback", platformUserID: "a-1"))
            #expect(user.username == "alice" && user.authSource == "http-mapper")
            return try transaction.identities(of: user.id)
        }
        #expect(Set(identities) == ["loopback:a-1", "c-loopback:a-2"])
        await harness.shutdown()
    }

    @Test func aUserMapperThatCannotBeHadStopsTheStart() async throws {
        let folder = try TemporaryFolder()
        let config = try configuration("users: {mapper: plugin, plugin: no-such-directory}\nchannels: [{id: main, provider: loopback}]", in: folder)
        let catalog = PluginLoader(logger: quietLogger).loadAll(from: [.bundled(Paths.buildFolder)])
        let host = try Switchboard(configuration: config, catalog: catalog, logger: quietLogger)
        await #expect(throws: ConfigErrors.self) { try await host.start() }
        #expect(host.plan.errors.first?.description.contains("users.plugin: no loaded plugin 'no-such-directory'") == true)
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
