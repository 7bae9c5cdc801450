import ArgumentParser
import Logging
import SwitchboardConfig
import SwitchboardHost
import Foundation

struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "Inspect provider plugins.",
        subcommands: [ListCommand.self]
    )

    struct ListCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every plugin file found: id, version, ABI, and whether it loaded or why not."
        )

        @Option(name: .long, help: "The configuration file whose plugin_dirs to scan, if it exists.")
        var config: String = "config.yaml"

        @Option(name: .customLong("plugin-dir"), help: "Also scan this folder (repeatable).")
        var pluginDirectories: [String] = []

        @Flag(name: .long, help: "Skip the plugins bundled beside the executable.")
        var noBundled = false

        func run() async throws {
            let configuration = try? ConfigLoader.load(path: config, environment: [:])
            var logger = Logger(label: "switchboard")
            logger.logLevel = .critical  // every refusal is in the table
            let origins = PluginOrigins.of(configuration, extraDirectories: pluginDirectories, includeBundled: !noBundled)
            let catalog = PluginLoader(logger: logger).loadAll(from: origins)
            print(PluginTable.render(catalog.reports))
        }
    }
}

/// The table `plugins list` prints.
enum PluginTable {
    static func render(_ reports: [PluginLoadReport]) -> String {
        guard !reports.isEmpty else { return "no plugin files found" }
        var rows = [["FILE", "ID", "VERSION", "ABI", "STATUS"]]
        for report in reports {
            switch report.outcome {
            case let .success(info):
                let origin = if case .bundled = report.origin { "loaded (bundled)" } else { "loaded" }
                rows.append([report.file, info.id, info.version, info.abiVersion, origin])
            case let .failure(refusal):
                rows.append([report.file, "-", "-", "-", "refused: \(refusal.reasonDescription)"])
            }
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + row[4]
        }.joined(separator: "\n")
    }
}
