import Foundation
import SwitchboardConfig

/// The `options` of one agent type, decoded from `AgentConfiguration.optionsJSON`.
protocol AgentOptions: Decodable {
    /// The option keys, as written in the configuration.
    associatedtype Key: CodingKey & CaseIterable
}

/// Where an agent's options are written, for errors that point at them.
struct OptionsSource {
    let configuration: AgentConfiguration
    /// The agent's key path, e.g. `agents[2]`.
    let keyPath: String

    /// A problem with `key` of the agent's entry, such as `model`.
    func error(at key: String, _ message: String) -> ConfigError {
        ConfigError(location: configuration.location, keyPath: "\(keyPath).\(key)", message: message)
    }

    /// A problem with the option `key`.
    func error<Key: CodingKey>(_ key: Key, _ message: String) -> ConfigError {
        error(at: "options.\(key.stringValue)", message)
    }

    /// The options, decoded; an unknown key, or a value of the wrong type, is an error.
    func decode<Options: AgentOptions>(_ type: Options.Type) throws(ConfigError) -> Options {
        let data = Data(configuration.optionsJSON.utf8)
        let known = Options.Key.allCases.map(\.stringValue)
        let keys = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?.keys.sorted() ?? []
        if let unknown = keys.first(where: { !known.contains($0) }) {
            throw error(at: "options.\(unknown)",
                        "unknown option '\(unknown)' (\(configuration.type) agents know: \(known.joined(separator: ", ")))")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.typeMismatch(expected, context) {
            throw error(at: "options" + Self.path(context.codingPath), "must be \(Self.kind(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw error(at: "options" + Self.path(context.codingPath), "must be \(Self.kind(expected))")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw error(at: "options" + Self.path(context.codingPath), "is not valid: \(context.debugDescription)")
        } catch {
            throw self.error(at: "options", "cannot be read: \(error)")
        }
    }

    /// `.name`, `.list[2]`, `.mapping.key`: the coding path as a key path suffix.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
    }

    /// What a value of `type` is called in an error.
    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of strings"
        case is [String: String].Type: "a mapping of strings"
        default: "of another type"
        }
    }
}
