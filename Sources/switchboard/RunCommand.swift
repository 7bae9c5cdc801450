import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwitchboardConfig
import SwitchboardHost

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the host: load plugins, start every enabled channel, serve until SIGTERM or SIGINT."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(format: configuration.host.logFormat, level: configuration.host.logLevel)
        let logger = Logger(label: "switchboard")
        let catalog = PluginLoader(logger: logger).loadAll(from: PluginOrigins.of(configuration))
        let host: Switchboard
        do {
            host = try Switchboard(configuration: configuration, catalog: catalog, logger: logger)
        } catch {
            logger.critical("\(error)")
            throw ExitCode(73)  // EX_CANTCREAT
        }
        guard host.plan.hostErrors.isEmpty else {
            for error in host.plan.hostErrors { printError(error.description) }
            throw ExitCode(78)
        }
        let service = SwitchboardService(host: host) {
            await host.channels.waitUntilSettled(timeout: .seconds(5))
            // Written unbuffered: through a pipe, print() would hold it back until exit.
            let summary = await RunSummary.text(configuration: configuration, catalog: catalog, host: host)
            FileHandle.standardOutput.write(Data((summary + "\n").utf8))
        }
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
        logger.info("stopped")
    }
}
