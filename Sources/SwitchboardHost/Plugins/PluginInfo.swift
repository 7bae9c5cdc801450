public import SwitchboardCore

/// What a loaded plugin declared about itself.
public struct PluginInfo: Sendable {
    /// The plugin's unique id; channels name it as their `provider`.
    public let id: String
    public let name: String
    public let version: String
    /// The chat platform it connects to; nil for a plugin that only offers extensions.
    public let platform: String?
    public let description: String?
    /// The ABI version the plugin was built against, e.g. "1.0".
    public let abiVersion: String
    /// The Swift toolchain that built the plugin; nil for C plugins.
    public let toolchain: String?
    public let capabilities: ProviderCapabilities
}

/// Where a plugin file was found.
public enum PluginOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A plugin folder from the configuration (`plugin_dirs`).
    case directory(String)
    /// Built with the host and found beside its executable.
    case bundled(String)

    public var directory: String {
        switch self {
        case let .directory(path), let .bundled(path): path
        }
    }

    public var description: String {
        switch self {
        case let .directory(path): path
        case let .bundled(path): "bundled (\(path))"
        }
    }
}

/// The outcome of trying to load one plugin file, as `plugins list` reports it.
public struct PluginLoadReport: Sendable {
    public let file: String
    public let origin: PluginOrigin
    /// The plugin, or why it was refused.
    public let outcome: Result<PluginInfo, PluginRefusal>
}
