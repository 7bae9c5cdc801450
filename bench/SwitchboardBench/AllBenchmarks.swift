import ArgumentParser
import Foundation

/// Every scenario in turn, with their defaults: prints each table as it is done and
/// writes them all, as Markdown and JSON, to `--output`.
struct AllBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every scenario and write results.md and results.json."
    )

    @Option(help: "Where results.md and results.json go.")
    var output = BenchWorkspace.packageRoot + "/bench/results"

    @Option(help: "The Python with python-telegram-bot for the peer; \"none\" to skip it.")
    var python = PeerBot.defaultPython

    func run() async throws {
        let started = ContinuousClock.now
        var report = BenchReport(command: "scripts/bench.sh")
        // Each scenario with its default options, parsed as from an empty command line.
        let scenarios: [(name: String, measure: (BenchWorkspace) async throws -> ResultTable)] = [
            ("throughput", try ThroughputBenchmark.parse(["--python", python]).measure(in:)),
            ("streaming", try StreamingBenchmark.parse([]).measure(in:)),
            ("footprint", try FootprintBenchmark.parse([]).measure(in:)),
            ("scale", try ScaleBenchmark.parse([]).measure(in:)),
        ]
        for scenario in scenarios {
            printError("running \(scenario.name)…")
            do {
                let table = try await scenario.measure(try BenchWorkspace())
                report.scenarios.append(table)
                print(table.markdown + "\n")
            } catch {
                report.failures[scenario.name] = "\(error)"
                printError("\(scenario.name) reported no figures: \(error)")
            }
        }
        report.durationSeconds = (ContinuousClock.now - started).seconds
        let files = try report.write(to: output)
        print("written: " + files.joined(separator: ", "))
        guard report.failures.isEmpty else { throw ExitCode.failure }
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
