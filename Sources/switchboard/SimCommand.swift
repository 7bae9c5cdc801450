import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwitchboardSimulator

struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run a platform simulator on this machine until SIGTERM or SIGINT.",
        discussion: """
            Simulators: \(SimulatorCatalog.bundled.names.joined(separator: ", ")). Each is scriptable \
            over HTTP under /_sim/ (request log, faults, WebSocket sessions, reset); see docs/simulators.md.
            """
    )

    @Argument(help: "The platform to simulate.")
    var platform: String

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 for any free port.")
    var port = 8085

    func run() async throws {
        let simulator: any PlatformSimulator
        do {
            simulator = try SimulatorCatalog.bundled.make(platform)
        } catch {
            throw ValidationError(error.description)
        }
        let logger = Logger(label: "switchboard.sim")
        let server = SimulatorServer(
            platform: simulator,
            configuration: .init(host: host, port: port),
            logger: logger
        ) { server in
            // Written unbuffered: through a pipe, print() would hold it back until exit.
            let line = "\(platform) simulator on \(server.baseURL) (control API: \(server.baseURL)/_sim/)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = SimulatorServer.shutdownGracePeriod
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}
