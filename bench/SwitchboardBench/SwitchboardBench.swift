import ArgumentParser

/// `switchboard-bench`: measures Switchboard against its simulators on loopback and
/// prints the figures with the command that reproduces them. Benchmarks report; they
/// never pass or fail on a number.
@main
struct SwitchboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-bench",
        abstract: "Benchmarks of Switchboard against its simulators.",
        subcommands: [LongPollBenchmark.self]
    )
}
