import Foundation
import SwitchboardStore
import Testing
@testable import SwitchboardHost

/// Every command, the numbered menus, their expiry and a restart in the middle of one.
@Suite(.timeLimit(.minutes(2))) struct CommandTests {
    static let channels = PipelineHarness.oneChannel

    @Test func helpStatusAndUnknownCommands() async throws {
        let harness = try await PipelineHarness(Self.channels)
        let help = try await harness.ask("/help")
        for name in ["/new", "/chat", "/task", "/switch", "/bind", "/status", "/cancel", "/clear", "/session", "/help"] {
            #expect(help.contains(name))
        }
        #expect(try await harness.ask("/statsu") == "Unknown command /statsu. Did you mean /status? Send /help for the list.")
        _ = try await harness.ask("hi")
        let status = try await harness.ask("/status")
        #expect(status.contains("Agent: echo"))
        #expect(status.contains("Mode: chat"))
        #expect(status.contains("Conversation: #1 \"hi\", 2 messages"))
        #expect(status.contains("Channel: main (loopback)"))
        await harness.shutdown()
    }

    @Test func newMenuStartsChatsAndTasksAndContinuesRecentTasks() async throws {
        let harness = try await PipelineHarness(Self.channels)
        let menu = try await harness.ask("/new")
        #expect(menu == "Start something new:\n1. New chat\n2. New task\nReply with a number, or /cancel.")
        #expect(try await harness.ask("2") == "Started task #1 \"New task\". Tell me what to do.")
        #expect(try await harness.ask("fix the login page") == "fix the login page")
        #expect(try await harness.ask("/new").contains("3. Continue task #1 \"fix the login page\""))
        #expect(try await harness.ask("1") == "Started a new chat, #2 \"New chat\".")
        #expect(try await harness.ask("/new").hasPrefix("Start something new:"))
        #expect(try await harness.ask("3") == "Continuing task #1 \"fix the login page\".")
        #expect(try await harness.ask("/status").contains("Mode: task"))
        #expect(try await harness.ask("/new").hasPrefix("Start something new:"))
        #expect(try await harness.ask("9") == "Please answer with a number from 1 to 3, or /cancel.")
        #expect(try await harness.ask("/cancel") == "Cancelled.")
        #expect(try await harness.ask("/cancel") == "Nothing to cancel.")
        #expect(try await harness.ask("2") == "2", "with no menu open, a number goes to the agent")
        await harness.shutdown()
    }

    @Test func chatTaskSwitchBindAndSession() async throws {
        let harness = try await PipelineHarness(Self.channels)
        #expect(try await harness.ask("/task") == "Task mode: started task #1 \"New task\". Tell me what to do.")
        _ = try await harness.ask("write the report")
        #expect(try await harness.ask("/task") == "Task mode. Pick a task:\n1. New task\n2. Task #1 \"write the report\"\nReply with a number, or /cancel.")
        #expect(try await harness.ask("1") == "Started task #2 \"New task\". Tell me what to do.")
        _ = try await harness.ask("plan the trip")
        #expect(try await harness.ask("/switch") == "Switch to which task?\n1. Task #1 \"write the report\"\nReply with a number, or /cancel.")
        #expect(try await harness.ask("1") == "Continuing task #1 \"write the report\".")
        #expect(try await harness.ask("/session") == "This chat is bound to #1 \"write the report\" (task).")
        #expect(try await harness.ask("/chat") == "Chat mode: started a new conversation, #3 \"New chat\".")
        #expect(try await harness.ask("/status").contains("Mode: chat"))
        #expect(try await harness.ask("/bind") == "Send /bind followed by a task number, e.g. /bind 12. Your tasks: #2 \"plan the trip\", #1 \"write the report\".")
        #expect(try await harness.ask("/bind 2") == "This chat now continues task #2 \"plan the trip\".")
        #expect(try await harness.ask("/bind 3") == "You have no task 3. Send /task to see your tasks.")
        #expect(try await harness.ask("/session #3") == "This chat is now bound to #3 \"New chat\" (chat).")
        #expect(try await harness.ask("/session 99") == "You have no conversation 99.")
        await harness.shutdown()
    }

    @Test func clearForgetsTheContextButKeepsTheHistory() async throws {
        let harness = try await PipelineHarness(Self.channels)
        #expect(try await harness.ask("/clear") == "Nothing to clear yet.")
        _ = try await harness.ask("remember this")
        #expect(try await harness.ask("/clear") == "Cleared: the agent starts afresh in #1 \"remember this\". Its history stays stored.")
        _ = try await harness.ask("fresh start")
        let (context, stored) = try await harness.host.store.read { (try $0.history(of: 1, limit: 50), try $0.messageCount(of: 1)) }
        #expect(context == [HistoryEntry(role: .user, text: "fresh start"), HistoryEntry(role: .assistant, text: "fresh start")])
        #expect(stored == 4)
        await harness.shutdown()
    }

    @Test func menusExpireAfterFifteenMinutes() async throws {
        let harness = try await PipelineHarness(Self.channels)
        _ = try await harness.ask("/new")
        harness.clock.advance(by: 14 * 60)
        #expect(try await harness.ask("1") == "Started a new chat, #1 \"New chat\".", "still open after 14 minutes")
        _ = try await harness.ask("/new")
        harness.clock.advance(by: 16 * 60)
        #expect(try await harness.ask("2") == "2", "an expired menu is gone: the number goes to the agent")
        #expect(try await harness.ask("/status").contains("Mode: chat"))
        await harness.shutdown()
    }

    @Test func talkingToTheAgentClosesAnOpenMenu() async throws {
        let harness = try await PipelineHarness(Self.channels)
        _ = try await harness.ask("/task")
        _ = try await harness.ask("/task")
        #expect(try await harness.ask("what do you think?") == "what do you think?")
        #expect(try await harness.ask("2") == "2", "the menu closed when the user went on talking")
        await harness.shutdown()
    }

    @Test func nobodyCanBindOrOpenAnotherUsersConversations() async throws {
        let harness = try await PipelineHarness(Self.channels)
        #expect(try await harness.ask("/task", chat: "alice") == "Task mode: started task #1 \"New task\". Tell me what to do.")
        #expect(try await harness.ask("/bind 1", chat: "mallory") == "You have no task 1. Send /task to see your tasks.")
        #expect(try await harness.ask("/session 1", chat: "mallory") == "You have no conversation 1.")
        #expect(try await harness.ask("/switch", chat: "mallory") == "You have no other tasks. Send /task to start one.")
        await harness.shutdown()
    }

    @Test func aMenuSurvivesARestart() async throws {
        let harness = try await PipelineHarness(Self.channels)
        #expect(try await harness.ask("/new").hasPrefix("Start something new:"))
        try await harness.restart()
        #expect(try await harness.ask("2") == "Started task #1 \"New task\". Tell me what to do.")
        await harness.shutdown()
    }

    @Test func commandsInGroupsPointToAPrivateChatUnlessAllowed() async throws {
        let harness = try await PipelineHarness("""
        channels:
          - {id: main, provider: loopback, access: {rate_limit: {messages: 0}}}
          - {id: open, provider: loopback, access: {group_commands: true, rate_limit: {messages: 0}}}
        """)
        #expect(try await harness.ask("/status", chat: "team", sender: "bob", group: true, mentionsBot: true) == "Commands work in a private chat with me.")
        #expect(try await harness.ask("/status", on: "open", chat: "team", sender: "bob", group: true, mentionsBot: true).contains("Channel: open"))
        await harness.shutdown()
    }
}
