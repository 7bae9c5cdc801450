import ArgumentParser
import Foundation
import SwitchboardSimulator

/// Scenario 3: what streaming one long answer costs on the platform, per strategy. An
/// agent server streams `tokens` tokens at `rate` per second to five channels of one
/// host at once: DingTalk with an AI card (native), and Telegram bots limited by
/// `streaming.modes` to drafts, edits in place, paragraphs (block) and the whole answer
/// (sync). Default streaming settings throughout.
struct StreamingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streaming",
        abstract: "Platform API calls and time to first visible text of one streamed answer, per streaming strategy."
    )

    @Option(help: "Tokens in the answer.")
    var tokens = 2_000

    @Option(help: "Tokens per second the agent writes.")
    var rate = 50

    /// The Telegram strategies, by the `streaming:` that selects them.
    private static let telegramStrategies: [(strategy: String, label: String, streaming: String)] = [
        ("draft", "draft: Telegram drafts, then the message", "{modes: [draft]}"),
        ("edit", "edit: Telegram placeholder edited in place", "{modes: [edit]}"),
        ("block", "block: Telegram, a message per paragraph", "{modes: [], fallback: block}"),
        ("sync", "sync: Telegram, the whole answer at the end", "{modes: []}"),
    ]

    func validate() throws {
        guard tokens > 0, rate > 0 else { throw ValidationError("--tokens and --rate must be at least 1") }
    }

    func run() async throws {
        let workspace = try BenchWorkspace()
        print(try await measure(in: workspace).markdown)
    }

    func measure(in workspace: BenchWorkspace) async throws -> ResultTable {
        let agent = PacedAgent(tokens: tokens, perSecond: rate)
        let agentServer = quietServer(agent)
        let telegram = Self.telegramStrategies.map { strategy in
            let simulator = TelegramSimulator()
            return (strategy: strategy.strategy, label: strategy.label, streaming: strategy.streaming,
                    simulator: simulator, server: quietServer(simulator))
        }
        let dingtalk = DingTalkSimulator()
        let dingtalkServer = quietServer(dingtalk)
        let limit = agent.interval * tokens * 3 + .seconds(60)
        let observations = try await withServers([agentServer, dingtalkServer] + telegram.map(\.server)) {
            let channels = telegram.map { channel in
                HostConfig.telegram(id: "tg-\(channel.strategy)", simulator: channel.server, token: channel.simulator.token,
                                    agent: "paced", streaming: channel.streaming)
            } + [HostConfig.dingtalk(id: "dingtalk", simulator: dingtalk, server: dingtalkServer, agent: "paced")]
            let config = try workspace.writeConfig(name: "streaming", HostConfig.yaml(
                dataFolder: workspace.dataFolder("streaming"),
                agents: "[{name: paced, type: http, options: {url: \"\(agentServer.baseURL)/turn\", timeout_ms: 600000, idle_timeout_ms: 60000}}]",
                channels: channels
            ))
            let host = try await HostProcess.start(config: config)
            return try await stopping(host.stop) {
                try await within(limit, "one streamed answer") {
                    try await withThrowingTaskGroup(of: (String, Observation).self) { group in
                        for channel in telegram {
                            group.addTask { (channel.strategy, try await Self.observe(channel.simulator)) }
                        }
                        group.addTask { ("native", try await Self.observe(dingtalk)) }
                        return try await group.reduce(into: [String: Observation]()) { $0[$1.0] = $1.1 }
                    }
                }
            }
        }

        var table = ResultTable(
            scenario: "streaming", title: "Streaming cost: one answer of \(tokens) tokens at \(rate) tokens/s",
            columns: [("api_calls", "API calls"), ("first_feedback_s", "first sign s"), ("first_text_s", "first text s"),
                      ("complete_s", "complete s"), ("calls_by_method", "calls by method")],
            reproduce: "scripts/bench.sh streaming --tokens \(tokens) --rate \(rate)"
        )
        let expected = Self.words(agent.answer)
        let cardCalls = await dingtalkServer.requests.all.filter { $0.path.hasPrefix("/v1.0/card/") || $0.path.contains("/robot/") }
        let card = await dingtalk.cards().first
        guard let native = observations["native"], Self.words(card?.params[HostConfig.cardContentKey] ?? "") == expected else {
            throw BenchFailure("the DingTalk card does not hold the whole answer")
        }
        table.add("native: DingTalk AI card", Self.values(native, calls: cardCalls))
        for channel in telegram {
            let shown = await channel.simulator.messages(inChat: TelegramLoad.user(0).id).filter(\.from.isBot).map(\.text)
            guard let observation = observations[channel.strategy], Self.words(shown.joined(separator: " ")) == expected else {
                throw BenchFailure("\(channel.strategy): the bot's messages are not the answer, once: \(shown.count) messages")
            }
            let calls = await channel.server.requests.all.filter(HostConfig.isTelegramAnswer)
            table.add(channel.label, Self.values(observation, calls: calls))
        }
        table.notes = [
            "The agent is an HTTP agent server streaming NDJSON, \(agent.answer.count) characters in \(tokens / 100) paragraphs; "
                + "Telegram's limit of 4,096 UTF-16 units splits the answer into several messages.",
            "All five channels stream their answer at once in one host, with the default streaming settings "
                + "(update_interval_ms 1000, min_new_characters 20). `streaming.modes` picks the Telegram strategy.",
            "first sign: typing, a placeholder, an empty draft or a new card; first text: the first call showing part of the answer; "
                + "complete: the call showing its end. All from the user's message entering the simulator.",
            "Checked: the DingTalk card and each Telegram chat end holding exactly the agent's answer (compared word by word).",
            "append (chunks under one message id) is not measured: no bundled provider declares it.",
        ]
        return table
    }

    /// When a user first saw something, then text, then the whole answer.
    struct Observation {
        var firstFeedback: Duration?
        var firstText: Duration?
        var complete: Duration = .zero
    }

    /// Sends the question to a Telegram bot and follows what the bot shows until the
    /// answer's end is visible.
    private static func observe(_ simulator: TelegramSimulator) async throws -> Observation {
        let user = TelegramLoad.user(0)
        let activity = await simulator.activity.subscribe()
        let start = ContinuousClock.now
        await simulator.userSends("Tell me a long story.", from: user, in: .privateChat(with: user))
        var observation = Observation()
        for await timed in activity {
            let elapsed = timed.time - start
            observation.firstFeedback = observation.firstFeedback ?? elapsed
            let text: String, isMessage: Bool
            switch timed.element {
            case let .draft(_, _, _, draft): (text, isMessage) = (draft, false)
            case let .edited(message): (text, isMessage) = (message.text, true)
            case let .sent(message): (text, isMessage) = (message.text == "Thinking…" ? "" : message.text, true)
            case .chatAction: (text, isMessage) = ("", false)
            }
            if !text.isEmpty { observation.firstText = observation.firstText ?? elapsed }
            // A draft is only a preview: the answer is complete once a message shows its end.
            if isMessage, text.contains(PacedAgent.endMarker) {
                observation.complete = elapsed
                return observation
            }
        }
        throw CancellationError()
    }

    /// Sends the question to the DingTalk robot and follows its card until finalized.
    private static func observe(_ dingtalk: DingTalkSimulator) async throws -> Observation {
        let activity = await dingtalk.activity.subscribe()
        let start = ContinuousClock.now
        await dingtalk.userSends("Tell me a long story.", from: .alice, in: .single(with: .alice))
        var observation = Observation()
        for await timed in activity {
            let elapsed = timed.time - start
            switch timed.element {
            case .cardCreated, .message:
                observation.firstFeedback = observation.firstFeedback ?? elapsed
            case let .cardStreamed(_, update):
                observation.firstFeedback = observation.firstFeedback ?? elapsed
                if !update.content.isEmpty { observation.firstText = observation.firstText ?? elapsed }
                if update.isFinalize {
                    observation.complete = elapsed
                    return observation
                }
            case .cardUpdated, .acknowledged, .pong:
                continue
            }
        }
        throw CancellationError()
    }

    private static func values(_ observation: Observation, calls: [RecordedRequest]) -> [String: Figure] {
        let byMethod = tally(calls.map { String($0.path.split(separator: "/").last ?? "") })
        return [
            "api_calls": .count(calls.count),
            "first_feedback_s": observation.firstFeedback.map { .number($0.seconds, decimals: 2) } ?? .text("–"),
            "first_text_s": observation.firstText.map { .number($0.seconds, decimals: 2) } ?? .text("–"),
            "complete_s": .number(observation.complete.seconds, decimals: 2),
            "calls_by_method": .text(byMethod.map { "\($0.name) \($0.count)" }.joined(separator: ", ")),
        ]
    }

    /// The text's words, so answers split across messages compare with the original.
    private static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: \.isWhitespace)
    }
}
