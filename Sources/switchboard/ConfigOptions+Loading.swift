import ArgumentParser
import Foundation
import Logging
import SwitchboardConfig
import SwitchboardHost

extension ConfigOptions {
    /// The configuration file to read, applying the example fallback when asked.
    func resolvedPath() throws(ConfigErrors) -> String {
        if FileManager.default.fileExists(atPath: config) { return config }
        let folder = (config as NSString).deletingLastPathComponent
        let example = folder.isEmpty ? "config.yaml.example" : folder + "/config.yaml.example"
        if exampleConfig, FileManager.default.fileExists(atPath: example) { return example }
        let hint = exampleConfig
            ? "and there is no \(example) either"
            : "copy config.yaml.example to \(config), or pass --example-config to run on the example"
        throw ConfigErrors(errors: [ConfigError(message: "configuration file \(config) not found; \(hint)")])
    }

    /// Reads and checks the configuration, printing every problem on failure.
    func load() throws -> SwitchboardConfiguration {
        do {
            return try ConfigLoader.load(path: try resolvedPath(), environment: ProcessInfo.processInfo.environment)
        } catch {
            printError(error.description)
            throw ExitCode(78)  // EX_CONFIG
        }
    }


    /// Reads the configuration and loads the plugins it names, plus the bundled ones.
    func loadWithPlugins(logger: Logger) throws -> (SwitchboardConfiguration, PluginCatalog) {
        let configuration = try load()
        let catalog = PluginLoader(logger: logger).loadAll(from: PluginOrigins.of(configuration))
        return (configuration, catalog)
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
