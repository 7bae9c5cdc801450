import ArgumentParser
import Foundation
import SwitchboardSimulator

/// How many threads a host needs to hold many long polls open: a provider opens
/// `polls` requests through `switchboard.http/1` against the echo simulator's `/poll`,
/// which holds each for 50 s; once the simulator has them all, the host's threads
/// (`/proc/<pid>/task`) are counted by name.
struct LongPollBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "long-polls",
        abstract: "Threads a host uses to hold many long polls open."
    )

    @Option(help: "Long polls to hold open.")
    var polls = 200

    func run() async throws {
        let workspace = try BenchWorkspace()
        let plugin = try workspace.buildPlugin(source: BenchWorkspace.packageRoot + "/bench/plugins/long_poll_provider.c", name: "long-poller")
        let simulator = quietServer(EchoSimulator())
        try await simulator.start()
        defer { Task { await simulator.stop() } }

        var rows: [(polls: Int, threads: ThreadCensus)] = []
        for count in [1, polls] {
            let census = try await measure(polls: count, simulator: simulator, workspace: workspace, plugin: plugin)
            rows.append((count, census))
        }
        print("Long polls held open by one host (switchboard.http/1 on the libcurl event loop)")
        print("| polls open | host threads | of which the curl loop (sb-curl-loop) | by name |")
        print("|---:|---:|---:|---|")
        for row in rows {
            print("| \(row.polls) | \(row.threads.total) | \(row.threads.count(named: "sb-curl-loop")) | \(row.threads.summary) |")
        }
        print("reproduce: scripts/bench.sh long-polls --polls \(polls)")
    }

    /// Runs a host whose provider holds `polls` polls; counts its threads once the
    /// simulator has received every one.
    private func measure(polls: Int, simulator: SimulatorServer, workspace: BenchWorkspace, plugin: String) async throws -> ThreadCensus {
        await simulator.reset()
        let config = try workspace.writeConfig(name: "long-polls-\(polls)", """
        host: {data_dir: \(workspace.path)/data-\(polls), log_level: warning}
        plugin_dirs: [\(workspace.pluginFolder)]
        channels:
          - id: polls
            provider: long-poller
            settings: {url: "\(simulator.baseURL)/poll?timeout=50", count: \(polls)}
        """)
        let host = try await HostProcess.start(config: config)
        return try await stopping(host.stop) {
            _ = try await simulator.requests.wait(for: polls) { $0.path == "/poll" }
            return try ThreadCensus(pid: host.pid)
        }
    }
}
