/// A provider plugin written in Swift: the plugin-wide description and the type of
/// its instances. Export it with `PluginEntry.descriptor(for:hostABIVersion:)`.
public protocol ProviderPlugin {
    associatedtype Instance: Provider

    /// What the plugin is and can do; read once, at load.
    static var manifest: PluginManifest { get }

    /// The plugin's table for an extension id, or nil. [any-thread]
    /// The default offers none.
    static func extensionTable(_ extensionID: String) -> UnsafeRawPointer?
}

extension ProviderPlugin {
    public static func extensionTable(_ extensionID: String) -> UnsafeRawPointer? { nil }
}

/// One instance of a provider, serving one channel.
///
/// The host calls every method on the instance's serial executor, one call at a
/// time, so an implementation needs no locks. Completions of host services arrive on
/// that executor too.
public protocol Provider: AnyObject {
    /// The channel settings, decoded from the JSON the host validated against the
    /// manifest's schema.
    associatedtype Settings: Decodable

    /// Creates the instance. Keep `host`: it stays valid until the instance is destroyed.
    init(host: ProviderHost, settings: Settings) throws(ProviderError)

    /// Starts serving; report progress with `host.setStatus`. Must not block on the network.
    func start() throws(ProviderError)

    /// Stops serving. Complete every outstanding `SendCompletion` before returning,
    /// and make no host calls afterwards.
    func stop()

    /// Sends a message and calls `completion` exactly once.
    func send(_ message: OutgoingMessage, completion: SendCompletion)
}
