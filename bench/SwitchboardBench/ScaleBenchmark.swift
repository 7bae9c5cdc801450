import ArgumentParser
import Foundation
import SwitchboardSimulator

/// Scenario 5: many bots in one host, many conversations at once. Each bot has a
/// Telegram simulator of its own; every chat writes `turns` messages, waiting for
/// each answer, so each is a multi-turn conversation the host keeps in its store.
struct ScaleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Many Telegram bots in one host, with many conversations at once."
    )

    @Option(help: "Telegram bots (channels) in the host.")
    var bots = 50

    @Option(help: "Conversations in all: private chats, spread over the bots.")
    var conversations = 10_000

    @Option(help: "Messages each chat writes, one after the other's answer.")
    var turns = 2

    func run() async throws {
        let workspace = try BenchWorkspace()
        print(try await measure(in: workspace).markdown)
    }

    func validate() throws {
        guard bots > 0, turns > 0, conversations >= bots, conversations % bots == 0 else {
            throw ValidationError("--bots and --turns must be at least 1, --conversations (\(conversations)) a multiple of --bots (\(bots))")
        }
    }

    func measure(in workspace: BenchWorkspace) async throws -> ResultTable {
        let simulators = (0..<bots).map { index in
            let bot = TelegramUser(id: 7_000_000 + Int64(index), firstName: "Bench bot \(index)", username: "bench_\(index)_bot", isBot: true)
            let simulator = TelegramSimulator(bot: bot, token: "\(bot.id):AAHbenchmarkTOKENbenchmarkTOKEN\(index)")
            return (simulator: simulator, server: quietServer(simulator))
        }
        let load = TelegramLoad(bots: simulators.map { .init(simulator: $0.simulator, chats: conversations / bots) }, messagesPerChat: turns)
        let (host, figures, gauge, census) = try await withServers(simulators.map(\.server)) {
            let config = try workspace.writeConfig(name: "scale", HostConfig.yaml(
                dataFolder: workspace.dataFolder("scale"),
                channels: simulators.enumerated().map { index, entry in
                    HostConfig.telegram(id: "bot\(index)", simulator: entry.server, token: entry.simulator.token)
                }
            ))
            let host = try await HostProcess.start(config: config)
            let (figures, gauge, census) = try await stopping(host.stop) {
                (try await load.run(), try ProcessGauge(pid: host.pid), try ThreadCensus(pid: host.pid))
            }
            try await load.checkExactlyOnce()
            return (host, figures, gauge, census)
        }
        let store = workspace.dataFolder("scale") + "/switchboard.sqlite"
        let storeBytes = [store, store + "-wal"].reduce(0) { total, file in
            total + (((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0)
        }

        var table = ResultTable(
            scenario: "scale", title: "Scale: \(bots) Telegram bots in one host, \(conversations) conversations",
            columns: [("value", "value")],
            reproduce: "scripts/bench.sh scale --bots \(bots) --conversations \(conversations) --turns \(turns)"
        )
        table.add("start to all \(bots) bots polling, ms", ["value": .milliseconds(host.startup, decimals: 0)])
        table.add("messages answered", ["value": .count(figures.messages)])
        table.add("messages/s", ["value": .number(figures.messagesPerSecond, decimals: 0)])
        table.add("latency p50, ms", ["value": .milliseconds(figures.latencies.p50)])
        table.add("latency p99, ms", ["value": .milliseconds(figures.latencies.p99)])
        table.add("latency max, ms", ["value": .milliseconds(figures.latencies.max)])
        table.add("resident memory after, MiB", ["value": .mebibytes(gauge.residentBytes)])
        table.add("peak resident memory, MiB", ["value": .mebibytes(gauge.peakResidentBytes)])
        table.add("threads", ["value": .count(gauge.threads)])
        table.add("store size after (with its WAL), MiB", ["value": .mebibytes(storeBytes)])
        table.notes = [
            "\(conversations / bots) private chats per bot, all writing at once; each sends \(turns) messages, the next once the "
                + "previous is answered, so every conversation is multi-turn and \(conversations) messages are in flight at first.",
            "Each bot has its own simulator (its own port), so the host holds \(bots) long polls on its one curl loop thread.",
            "Every answer is checked as it arrives, and counted per bot after the host stopped: exactly one per message.",
            "Host threads by name: \(census.summary).",
        ]
        return table
    }
}
