import ArgumentParser
import Foundation
import SwitchboardSimulator

/// Scenarios 1 and 2: echo bots under load through the Telegram simulator, long
/// polling, answers sent whole. Switchboard (the `switchboard` host with the bundled
/// Telegram plugin and the echo agent), then python-telegram-bot's echo bot doing the
/// same work against the same simulator.
struct ThroughputBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Messages per second and latency of an echo bot through the Telegram simulator, beside python-telegram-bot."
    )

    @Option(help: "Messages per load.")
    var messages = 10_000

    @Option(help: "Chats writing at once, one load each (comma-separated).")
    var chats = "100,1000"

    @Option(help: "The Python with python-telegram-bot for the peer; \"none\" to skip it.")
    var python = PeerBot.defaultPython

    func run() async throws {
        let workspace = try BenchWorkspace()
        print(try await measure(in: workspace).markdown)
    }

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be at least 1") }
        _ = try loads()
    }

    /// The chat counts of `--chats`.
    private func loads() throws -> [Int] {
        try chats.split(separator: ",").map { text in
            guard let count = Int(text.trimmingCharacters(in: .whitespaces)), count > 0, count <= messages, messages % count == 0 else {
                throw ValidationError("--chats: each count must divide --messages (\(messages)); found '\(text)'")
            }
            return count
        }
    }

    func measure(in workspace: BenchWorkspace) async throws -> ResultTable {
        let loads = try loads()
        // Checked first: a missing peer is reported before minutes of measuring.
        let peerVersion = python == "none" ? nil : try PeerBot.libraryVersion(python: python)
        var table = ResultTable(
            scenario: "throughput", title: "Throughput and latency: echo bot, Telegram long polling, answers sent whole",
            columns: [("messages_per_second", "messages/s"), ("p50_ms", "p50 ms"), ("p99_ms", "p99 ms"), ("max_ms", "max ms"),
                      ("cpu_ms_per_message", "bot CPU ms per message"), ("calls_per_message", "API calls per message")],
            reproduce: "scripts/bench.sh throughput --messages \(messages) --chats \(chats)"
        )
        var switchboard: [Int: LoadFigures] = [:]
        for chatCount in loads {
            let result = try await Self.load(messages: messages, chats: chatCount) { server, simulator in
                let name = "throughput-\(chatCount)"
                let config = try workspace.writeConfig(name: name, HostConfig.yaml(
                    dataFolder: workspace.dataFolder(name),
                    channels: [HostConfig.telegram(id: "bot", simulator: server, token: simulator.token)]
                ))
                let host = try await HostProcess.start(config: config)
                return RunningBot(pid: host.pid, stop: host.stop)
            }
            switchboard[chatCount] = result.figures
            table.add("Switchboard, \(chatCount) chats × \(messages / chatCount)", Self.values(result))
        }
        if let version = peerVersion {
            for chatCount in loads {
                let result = try await Self.load(messages: messages, chats: chatCount) { server, simulator in
                    let peer = try await PeerBot.start(python: python, token: simulator.token, server: server)
                    return RunningBot(pid: peer.child.pid, stop: peer.stop)
                }
                let figures = result.figures
                table.add("python-telegram-bot \(version), \(chatCount) chats × \(messages / chatCount)", Self.values(result))
                if let ours = switchboard[chatCount] {
                    table.notes.append(String(
                        format: "%d chats: Switchboard handles %.2f× the peer's messages per second; its p99 latency is %.2f× the peer's.",
                        chatCount, ours.messagesPerSecond / figures.messagesPerSecond,
                        ours.latencies.p99.milliseconds / figures.latencies.p99.milliseconds
                    ))
                }
            }
        }
        table.notes += [
            "Each chat sends its next message once the previous one is answered, so as many messages are in flight as there are chats. "
                + "Latency runs from the simulator queuing a user's message to its receiving the bot's sendMessage.",
            "Every answer is checked as it arrives (the user's own text, in the right chat) and, after the bot stopped, "
                + "counted: exactly one per message, or the run reports no figures.",
            "Switchboard stores each message in SQLite (synchronous commits) before confirming it to Telegram, records each answer "
                + "before sending it, and shows the typing indicator; the peer keeps nothing and handles one update at a time "
                + "(the library's defaults).",
        ]
        return table
    }

    /// A bot under load: its process, and how to stop it.
    struct RunningBot {
        let pid: Int32
        let stop: @Sendable () async -> Void
    }

    /// What one load measured.
    struct LoadResult {
        let figures: LoadFigures
        /// Bot API calls that answered users.
        let calls: Int
        /// The bot process's CPU time during the load.
        let cpuTime: Duration
    }

    private static func values(_ result: LoadResult) -> [String: Figure] {
        let figures = result.figures, messages = Double(result.figures.messages)
        return [
            "messages_per_second": .number(figures.messagesPerSecond, decimals: 0),
            "p50_ms": .milliseconds(figures.latencies.p50), "p99_ms": .milliseconds(figures.latencies.p99),
            "max_ms": .milliseconds(figures.latencies.max),
            "cpu_ms_per_message": .number(result.cpuTime.milliseconds / messages, decimals: 2),
            "calls_per_message": .number(Double(result.calls) / messages, decimals: 2),
        ]
    }

    /// Runs one load against a bot that `startBot` starts on a fresh simulator.
    static func load(
        messages: Int, chats: Int, startBot: (SimulatorServer, TelegramSimulator) async throws -> RunningBot
    ) async throws -> LoadResult {
        let simulator = TelegramSimulator()
        let server = quietServer(simulator)
        let load = TelegramLoad(bots: [.init(simulator: simulator, chats: chats)], messagesPerChat: messages / chats)
        return try await withServers([server]) {
            let bot = try await startBot(server, simulator)
            let (figures, cpuTime) = try await stopping(bot.stop) {
                let before = try ProcessGauge(pid: bot.pid)
                let figures = try await load.run()
                return (figures, try ProcessGauge(pid: bot.pid).cpuTime - before.cpuTime)
            }
            try await load.checkExactlyOnce()
            return LoadResult(figures: figures, calls: await server.requests.all.filter(HostConfig.isTelegramAnswer).count, cpuTime: cpuTime)
        }
    }
}

/// python-telegram-bot's echo bot (`bench/peer/echo_bot.py`) as a child process.
struct PeerBot {
    /// The virtualenv `scripts/install-deps.sh --compat` makes under the build folder.
    static let defaultPython = BenchWorkspace.packageRoot + "/.build/compat-venv/bin/python3"
    static let script = BenchWorkspace.packageRoot + "/bench/peer/echo_bot.py"

    let child: ChildProcess

    /// The installed python-telegram-bot's version; throws when it is missing.
    static func libraryVersion(python: String) throws -> String {
        let missing = BenchFailure("no python-telegram-bot at \(python): run scripts/install-deps.sh --compat, or pass --python none")
        let output = Pipe()
        guard let probe = try? ChildProcess(executable: python, arguments: [
            "-c", "import importlib.metadata as m; print(m.version('python-telegram-bot'))",
        ], output: output) else { throw missing }
        try? output.fileHandleForWriting.close()  // our copy: the read below ends when the probe exits
        let version = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        probe.process.waitUntilExit()
        guard probe.process.terminationStatus == 0, !version.isEmpty else { throw missing }
        return version
    }

    /// Starts the bot and returns once it polls the simulator.
    static func start(python: String, token: String, server: SimulatorServer) async throws -> PeerBot {
        let child = try ChildProcess(executable: python, arguments: [script, token, server.baseURL])
        do {
            _ = try await within(.seconds(60), "python-telegram-bot's first getUpdates") {
                try await server.requests.first { $0.path.hasSuffix("/getUpdates") }
            }
        } catch {
            await child.stop()  // only on failure: the bot goes on running
            throw error
        }
        return PeerBot(child: child)
    }

    func stop() async {
        await child.stop()
    }
}
