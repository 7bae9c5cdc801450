import Foundation
import SwitchboardConfig
import Testing

/// The folder `parse(_:)` pretends the configuration file is in.
let testBaseDirectory = "/srv/switchboard"

/// Parses `yaml` as `config.yaml` in `testBaseDirectory` (or `baseDirectory`).
func parse(_ yaml: String, environment: [String: String] = [:],
           baseDirectory: String = testBaseDirectory) throws(ConfigErrors) -> SwitchboardConfiguration {
    try ConfigLoader.parse(yaml: yaml, file: "config.yaml", baseDirectory: baseDirectory, environment: environment)
}

/// The error lines for `yaml`, which must fail to load.
func errorLines(of yaml: String, environment: [String: String] = [:],
                sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
    do {
        _ = try parse(yaml, environment: environment)
        Issue.record("expected the configuration to be rejected", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.errors.map(\.description)
    }
}

/// The settings of the first channel in `yaml`, resolved against `schema`.
func resolveFirstChannel(of yaml: String, schema: SettingsSchema, environment: [String: String] = [:],
                         baseDirectory: String = testBaseDirectory) throws -> Result<ResolvedSettings, ConfigErrors> {
    let configuration = try parse(yaml, environment: environment, baseDirectory: baseDirectory)
    let channel = try #require(configuration.channels.first)
    return configuration.resolveSettings(of: channel, schema: schema)
}

/// The error lines of a failed resolution (and an issue when it succeeded).
func errorLines(of result: Result<ResolvedSettings, ConfigErrors>,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
    switch result {
    case .success(let settings):
        Issue.record("expected the settings to be rejected, got \(settings.json)", sourceLocation: sourceLocation)
        return []
    case .failure(let errors):
        return errors.errors.map(\.description)
    }
}

/// A folder of its own under the system's temporary folder, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "switchboard-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `name` in the folder and returns the file's path.
    @discardableResult
    func write(_ contents: String, to name: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
