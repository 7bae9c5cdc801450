import Foundation
import SwitchboardConfig

/// `command`: the program (an absolute path, or a name looked up in PATH), its
/// arguments, timeout, working directory and extra environment.
struct CommandOptions: AgentOptions {
    let command: String?
    let arguments: [String]?
    let timeoutMS: Int?
    let workingDirectory: String?
    let environment: [String: String]?

    enum Key: String, CodingKey, CaseIterable {
        case command, arguments, timeoutMS = "timeout_ms", workingDirectory = "working_directory", environment
    }

    typealias CodingKeys = Key

    func agent(_ source: OptionsSource) throws(ConfigError) -> CommandAgent {
        guard let command else { throw source.error(at: "options", "missing required option 'command'") }
        if let name = environment?.keys.sorted().first(where: { $0.isEmpty || $0.contains("=") || $0.contains("\0") }) {
            throw source.error(Key.environment, "'\(name)' is not a variable name")
        }
        let defaults = CommandAgent.Configuration(command: command)
        return CommandAgent(configuration: CommandAgent.Configuration(
            command: try Self.executable(command, source: source),
            arguments: arguments ?? [],
            timeout: try source.duration(timeoutMS, Key.timeoutMS, default: defaults.timeout),
            workingDirectory: try workingDirectory.map { path throws(ConfigError) in
                try source.absolutePath(path, Key.workingDirectory)
            },
            environment: environment ?? [:]
        ))
    }

    /// The absolute path of the program `command` names: itself when it is a path, else
    /// the first executable file of that name in a PATH folder.
    private static func executable(_ command: String, source: OptionsSource) throws(ConfigError) -> String {
        let candidates = command.contains("/")
            ? [try source.absolutePath(command, Key.command)]
            : (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(command)" }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw source.error(Key.command, command.contains("/") ? "no executable file at '\(command)'"
                                                                  : "no executable '\(command)' in PATH")
        }
        return path
    }
}
