import ArgumentParser
import Foundation
import SwitchboardSimulator

/// Scenario 4: what a host with every bundled plugin costs. One channel per bundled
/// plugin (WebChat, loopback, Telegram, DingTalk Stream mode, DingTalk group robot),
/// the platforms simulated: the time from starting the program to every channel
/// connected, memory and CPU while idle, memory under load.
struct FootprintBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: "Start-up time, idle memory and CPU, and memory under load of a host with every bundled plugin."
    )

    @Option(help: "Seconds to stay idle while CPU time is measured.")
    var idleSeconds = 60

    @Option(help: "Messages for the load afterwards (100 chats).")
    var loadMessages = 2_000

    func run() async throws {
        let workspace = try BenchWorkspace()
        print(try await measure(in: workspace).markdown)
    }

    func validate() throws {
        guard idleSeconds > 0 else { throw ValidationError("--idle-seconds must be at least 1") }
        guard loadMessages >= 100, loadMessages % 100 == 0 else { throw ValidationError("--load-messages must be a multiple of 100 (100 chats)") }
    }

    func measure(in workspace: BenchWorkspace) async throws -> ResultTable {
        let telegram = TelegramSimulator()
        let telegramServer = quietServer(telegram)
        let dingtalk = DingTalkSimulator()
        let dingtalkServer = quietServer(dingtalk)
        let robotToken = "bench-robot-token"
        let load = TelegramLoad(bots: [.init(simulator: telegram, chats: 100)], messagesPerChat: loadMessages / 100)
        let (host, idle, requests, loaded, figures) = try await withServers([telegramServer, dingtalkServer]) {
            await dingtalk.addWebhookRobot(accessToken: robotToken, secret: nil)
            let config = try workspace.writeConfig(name: "footprint", HostConfig.yaml(
                dataFolder: workspace.dataFolder("footprint"),
                channels: [
                    "  - {id: webchat, provider: webchat}",
                    "  - {id: loopback, provider: loopback, settings: {greeting: \"Hello\"}}",
                    HostConfig.telegram(id: "telegram", simulator: telegramServer, token: telegram.token),
                    HostConfig.dingtalk(id: "dingtalk", simulator: dingtalk, server: dingtalkServer),
                    """
                      - id: robot
                        provider: dingtalk-robot
                        network: {proxy: ""}
                        settings: {webhook_url: "\(dingtalkServer.baseURL)/robot/send?access_token=\(robotToken)"}
                    """,
                ]
            ))
            let host = try await HostProcess.start(config: config)
            let measured = try await stopping(host.stop) {
                let requestsBefore = await telegramServer.requests.all.count + dingtalkServer.requests.all.count
                let before = try ProcessGauge(pid: host.pid)
                try await Task.sleep(for: .seconds(idleSeconds))
                let after = try ProcessGauge(pid: host.pid)
                let requests = await telegramServer.requests.all.count + dingtalkServer.requests.all.count - requestsBefore
                let figures = try await load.run()
                return (host, (before: before, after: after), requests, try ProcessGauge(pid: host.pid), figures)
            }
            try await load.checkExactlyOnce()
            return measured
        }

        var table = ResultTable(
            scenario: "footprint", title: "Footprint: one host, every bundled plugin (\(host.channelLines.count) channels)",
            columns: [("value", "value")],
            reproduce: "scripts/bench.sh footprint --idle-seconds \(idleSeconds) --load-messages \(loadMessages)"
        )
        let idleCPU = idle.after.cpuTime - idle.before.cpuTime
        table.add("start to every channel connected, ms", ["value": .milliseconds(host.startup, decimals: 0)])
        table.add("resident memory idle, MiB", ["value": .mebibytes(idle.after.residentBytes)])
        table.add("CPU time over \(idleSeconds) s idle, ms", ["value": .milliseconds(idleCPU, decimals: 0)])
        table.add("CPU while idle, % of one core", ["value": .number(idleCPU.seconds / Double(idleSeconds) * 100, decimals: 2)])
        table.add("platform requests while idle", ["value": .count(requests)])
        table.add("threads idle", ["value": .count(idle.after.threads)])
        table.add("resident memory after \(figures.messages) messages, MiB", ["value": .mebibytes(loaded.residentBytes)])
        table.add("peak resident memory, MiB", ["value": .mebibytes(loaded.peakResidentBytes)])
        table.add("messages/s of that load", ["value": .number(figures.messagesPerSecond, decimals: 0)])
        table.notes = [
            "Plugins loaded: \(host.plugins). The start-up time runs from starting `switchboard run` to its summary, "
                + "printed once every channel reports connected (WebChat listening, Telegram polling, the DingTalk gateway open).",
            "Idle: no user writes for \(idleSeconds) s; the requests counted are Telegram's long polls (50 s each) and any DingTalk calls.",
            "Memory from /proc (VmRSS, VmHWM); CPU time is user plus system of every thread. The load is \(figures.messages) messages "
                + "from 100 Telegram chats, each answer checked.",
        ]
        return table
    }
}
