import SwitchboardConfig
import SwitchboardHost

enum PluginOrigins {
    /// The configured plugin folders, then the bundled plugins beside the executable.
    static func of(_ configuration: SwitchboardConfiguration?, extraDirectories: [String] = [], includeBundled: Bool = true) -> [PluginOrigin] {
        var origins = (extraDirectories + (configuration?.pluginDirectories ?? [])).map(PluginOrigin.directory)
        if includeBundled, let bundled = PluginLoader.bundledDirectory {
            origins.append(.bundled(bundled))
        }
        return origins
    }
}
