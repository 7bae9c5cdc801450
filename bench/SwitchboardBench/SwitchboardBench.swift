import ArgumentParser

/// `switchboard-bench`: measures Switchboard against its simulators on loopback and
/// prints the figures with the command that reproduces them. Benchmarks report; they
/// never pass or fail on a number, only on a wrong answer.
@main
struct SwitchboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-bench",
        abstract: "Benchmarks of Switchboard against its simulators.",
        subcommands: [AllBenchmarks.self, ThroughputBenchmark.self, StreamingBenchmark.self, FootprintBenchmark.self,
                      ScaleBenchmark.self, LongPollBenchmark.self],
        defaultSubcommand: AllBenchmarks.self
    )

    static func main() async {
        ChildProcess.stopOnInterrupt()
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
