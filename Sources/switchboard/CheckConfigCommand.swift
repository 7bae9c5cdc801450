import ArgumentParser
import Logging
import SwitchboardConfig
import SwitchboardHost

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration against the installed plugins without starting anything."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        var logger = Logger(label: "switchboard")
        logger.logLevel = .critical  // refusals are part of the report below
        let (configuration, catalog) = try options.loadWithPlugins(logger: logger)
        let plan = HostPlan(configuration: configuration, catalog: catalog)
        for refusal in catalog.reports.compactMap({ report -> PluginRefusal? in
            if case let .failure(refusal) = report.outcome { return refusal }
            return nil
        }) {
            print("warning: \(refusal)")
        }
        guard plan.errors.isEmpty else {
            for error in plan.errors { printError(error.description) }
            printError("\(configuration.file): \(plan.errors.count) problem(s)")
            throw ExitCode(78)
        }
        print("\(configuration.file): OK, \(configuration.channels.count) channel(s)")
        for channel in plan.channels {
            let state = channel.configuration.enabled ? "enabled" : "disabled"
            print("  \(channel.configuration.id): provider \(channel.configuration.provider), agent \(channel.configuration.agent), \(state)")
            if let settings = channel.settings { print("    settings: \(settings.maskedJSON)") }
        }
    }
}
