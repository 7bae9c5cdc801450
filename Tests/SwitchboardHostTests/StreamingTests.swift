import CSwitchboardABI
import SwitchboardTestSupport
import Testing
@testable import SwitchboardHost

/// Replies streamed through a real C provider's edit, stream and typing extensions.
@Suite(.timeLimit(.minutes(2))) struct StreamingTests {
    /// One platform call the streaming fixture reported.
    struct Operation: Equatable {
        let kind: String
        let id: String
        let text: String

        init(_ sent: SentMessage) {
            let parts = sent.text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            kind = parts[0]
            id = parts.count > 1 ? parts[1] : ""
            text = parts.count > 2 ? parts[2] : ""
        }
    }

    static let answer = (1...60).map { "word\($0)" }.joined(separator: " ")

    /// A host with one channel `main` on the streaming fixture built with `modes`.
    static func harness(modes: String, settings: String = "{}", streaming: String = "") async throws -> PipelineHarness {
        let folder = try TemporaryFolder()
        try CPlugin.build(Paths.packageRoot + "/Tests/Fixtures/streaming_provider.c", to: folder.file("streaming.so"),
                          defines: ["MODES=\(modes)"], strict: true)
        return try await PipelineHarness("""
        agents: [{name: writer, type: echo, options: {word_interval_ms: 15}}]
        channels:
          - id: main
            provider: streaming
            access: {rate_limit: {messages: 0}}
            streaming: {update_interval_ms: 100, min_new_characters: 10\(streaming)}
            settings: \(settings)
        """, folder: folder)
    }

    /// Reads operations until one satisfies `done`.
    static func operations(_ harness: PipelineHarness, until done: (Operation) -> Bool) async throws -> [Operation] {
        var seen: [Operation] = []
        while true {
            let operation = Operation(try await harness.nextReply())
            seen.append(operation)
            if done(operation) { return seen }
        }
    }

    @Test func editInPlaceShowsAPlaceholderThenEditsItToTheAnswer() async throws {
        let harness = try await Self.harness(modes: "SB_STREAM_EDIT")
        try await harness.deliver(Self.answer, id: "q")
        let seen = try await Self.operations(harness) { $0.kind == "edit" && $0.text == Self.answer }
        let sends = seen.filter { $0.kind == "send" }
        #expect(sends.map(\.text) == ["Thinking…"], "one placeholder, no other message")
        let edits = seen.filter { $0.kind == "edit" }
        #expect(edits.count >= 2, "the answer grew in place: \(edits.count) edits")
        #expect(edits.allSatisfy { $0.id == sends.first?.id })
        #expect(seen.contains { $0.kind == "typing" }, "typing was shown while nothing was visible")
        #expect(try await harness.outcome(of: "q") == .answered)
        await harness.shutdown()
    }

    @Test func draftsInPrivateChatsAndEditsInGroups() async throws {
        let harness = try await Self.harness(modes: "SB_STREAM_DRAFT | SB_STREAM_EDIT")
        try await harness.deliver(Self.answer, chat: "dm", id: "private")
        let privateOps = try await Self.operations(harness) { $0.kind == "finish" }
        #expect(privateOps.first { $0.kind != "typing" }?.kind == "begin")
        #expect(privateOps.last?.text == Self.answer)
        #expect(try await harness.outcome(of: "private") == .answered)

        try await harness.deliver(Self.answer, chat: "team", sender: "bob", group: true, mentionsBot: true, id: "group")
        let groupOps = try await Self.operations(harness) { $0.kind == "edit" && $0.text == Self.answer }
        #expect(!groupOps.contains { $0.kind == "begin" }, "no drafts in groups")
        #expect(groupOps.first { $0.kind == "send" }?.text == "Thinking…")
        await harness.shutdown()
    }

    @Test func aChannelLimitedToEditsEditsInPrivateChatsToo() async throws {
        let harness = try await Self.harness(modes: "SB_STREAM_DRAFT | SB_STREAM_EDIT", streaming: ", modes: [edit]")
        try await harness.deliver(Self.answer, chat: "dm", id: "private")
        let seen = try await Self.operations(harness) { $0.kind == "edit" && $0.text == Self.answer }
        #expect(!seen.contains { $0.kind == "begin" }, "no drafts: the channel allows edits only")
        #expect(seen.first { $0.kind == "send" }?.text == "Thinking…")
        await harness.shutdown()
    }

    @Test func aChannelWithNoModesGetsItsFallback() async throws {
        let harness = try await Self.harness(modes: "SB_STREAM_DRAFT | SB_STREAM_EDIT", streaming: ", modes: [], fallback: sync")
        try await harness.deliver(Self.answer, chat: "dm", id: "private")
        #expect(try await harness.outcome(of: "private") == .answered)
        let visible = try await Self.operations(harness) { $0.kind == "send" }.filter { $0.kind != "typing" }
        #expect(visible.map(\.kind) == ["send"] && visible.first?.text == Self.answer, "one whole message: \(visible)")
        await harness.shutdown()
    }

    @Test func aFailingEditFallsBackAndTheRestArrivesOnce() async throws {
        let harness = try await Self.harness(modes: "SB_STREAM_EDIT", settings: "{fail_edits_after: 2}")
        try await harness.deliver(Self.answer, id: "q")
        #expect(try await harness.outcome(of: "q") == .answered)
        var seen: [Operation] = []
        // The placeholder, two edits, then the rest as a plain message.
        while seen.filter({ $0.kind != "typing" }).count < 4 { seen.append(Operation(try await harness.nextReply())) }
        let visible = seen.filter { $0.kind == "edit" }.last?.text ?? ""
        let rest = seen.filter { $0.kind == "send" }.dropFirst().map(\.text).joined()
        #expect(!visible.isEmpty && !rest.isEmpty)
        #expect(visible + rest == Self.answer, "what was shown plus the rest is the answer, once")
        await harness.shutdown()
    }

    @Test func nativeStreamsAppendDeltas() async throws {
        let harness = try await Self.harness(modes: "SB_STREAM_NATIVE")
        try await harness.deliver(Self.answer, id: "q")
        let seen = try await Self.operations(harness) { $0.kind == "finish" }
        #expect(seen.first { $0.kind != "typing" }?.kind == "begin")
        let updates = seen.filter { $0.kind == "update" }
        #expect(updates.map(\.text).joined() == Self.answer, "the deltas join to the answer")
        #expect(updates.count < 60, "deltas are batched, not one call per word")
        #expect(seen.last?.text == Self.answer)
        await harness.shutdown()
    }
}

/// What users and operators see when the agent fails.
@Suite(.timeLimit(.minutes(2))) struct AgentFailureTests {
    @Test func anUnreachableAgentGivesAShortAnswerAndTheDetailInTheChannelStatus() async throws {
        let closed = try RefusingPort()
        let harness = try await PipelineHarness("""
        agents:
          - name: llm
            type: openai
            model: test-model
            options: {base_url: "http://127.0.0.1:\(closed.port)/v1", api_key: sk-test-not-a-real-key, timeout_ms: 2000}
        channels:
          - {id: main, provider: loopback, access: {rate_limit: {messages: 0}}}
        """)
        #expect(try await harness.ask("hello?") == "The agent is unavailable right now; please try again shortly.")
        let status = try await harness.host.channels.status(of: "main")
        let detail = try #require(status.lastError?.message)
        #expect(detail.contains("agent llm") && detail.contains("127.0.0.1:\(closed.port)"), "\(detail)")
        #expect(!detail.contains("sk-test-not-a-real-key"))
        #expect(status.state == .connected, "an agent's failure does not disconnect the channel")
        await harness.shutdown()
    }
}
