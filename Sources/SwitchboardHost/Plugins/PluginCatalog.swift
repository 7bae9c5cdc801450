/// The plugins a host loaded, and the report of every file it looked at.
public struct PluginCatalog: Sendable {
    /// One report per plugin file, loaded or refused, in scan order.
    public let reports: [PluginLoadReport]
    let plugins: [String: LoadedPlugin]

    /// The loaded plugin with `id`, if any.
    public func plugin(id: String) -> LoadedPlugin? { plugins[id] }

    /// The ids of all loaded plugins, sorted.
    public var pluginIDs: [String] { plugins.keys.sorted() }
}
