import Foundation
import SwitchboardConfig

/// Checks of option values shared by the agent types.
extension OptionsSource {
    /// `milliseconds` as a duration, or `defaultValue` when absent; it must be at least 1.
    func duration<Key: CodingKey>(_ milliseconds: Int?, _ key: Key, default defaultValue: Duration) throws(ConfigError) -> Duration {
        guard let milliseconds else { return defaultValue }
        guard milliseconds >= 1 else { throw error(key, "must be at least 1, found \(milliseconds)") }
        return .milliseconds(milliseconds)
    }

    /// `url`, when it is an absolute http or https URL with a host.
    func httpURL<Key: CodingKey>(_ url: String, _ key: Key) throws(ConfigError) -> String {
        guard let parts = URLComponents(string: url), ["http", "https"].contains(parts.scheme?.lowercased()),
              parts.host?.isEmpty == false
        else { throw error(key, "must be an absolute http or https URL, found '\(url)'") }
        return url
    }

    /// `path`, when it is absolute.
    func absolutePath<Key: CodingKey>(_ path: String, _ key: Key) throws(ConfigError) -> String {
        guard path.hasPrefix("/") else { throw error(key, "must be an absolute path, found '\(path)'") }
        return path
    }
}
