import CSwitchboardABI
import CSwitchboardToolchain
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the C descriptor of a Swift provider. A plugin exports it like this:
///
/// ```swift
/// @_cdecl("switchboard_plugin_entry")
/// public func switchboardPluginEntry(_ hostABIVersion: UInt32) -> UnsafeRawPointer? {
///     PluginEntry.descriptor(for: MyPlugin.self, hostABIVersion: hostABIVersion)
/// }
/// ```
public enum PluginEntry {
    /// The descriptor of `plugin`, built once; nil when the host's ABI major differs. [load-thread]
    public static func descriptor<Plugin: ProviderPlugin>(for plugin: Plugin.Type, hostABIVersion: UInt32) -> UnsafeRawPointer? {
        guard hostABIVersion >> 16 == SB_ABI_VERSION >> 16 else { return nil }
        return registration.withLock { registration in
            if let existing = registration { return UnsafeRawPointer(existing.descriptor) }
            let made = Registration(plugin)
            registration = made
            return UnsafeRawPointer(made.descriptor)
        }
    }

    /// The one provider type of this plugin image, with its descriptor.
    fileprivate static let registration = Mutex<Registration?>(nil)

    /// Reads the provider behind an `sb_instance` handle, for extension tables.
    public static func provider<Instance: Provider>(_ handle: OpaquePointer?, as type: Instance.Type) -> Instance? {
        InstanceBox.from(handle)?.provider as? Instance
    }

    /// The provider behind a handle as one of the feature protocols it adopts.
    static func feature<Feature>(_ handle: OpaquePointer?) -> Feature? {
        InstanceBox.from(handle)?.provider as? Feature
    }
}

/// The registered plugin type and the C descriptor built for it. The descriptor and
/// every string in it live until the process exits, as the ABI requires.
fileprivate struct Registration: @unchecked Sendable {
    let descriptor: UnsafeMutablePointer<sb_plugin_descriptor>
    let makeInstance: (ProviderHost, String) throws(ProviderError) -> any Provider
    let extensionTable: (String) -> UnsafeRawPointer?

    init<Plugin: ProviderPlugin>(_ plugin: Plugin.Type) {
        let manifest = Plugin.manifest
        let capabilities = UnsafeMutablePointer<sb_capabilities>.allocate(capacity: 1)
        capabilities.initialize(to: sb_capabilities(
            struct_size: UInt32(MemoryLayout<sb_capabilities>.size),
            message_limit: UInt32(manifest.capabilities.messageLimit ?? 0),
            message_limit_unit: manifest.capabilities.limitUnit.abiValue,
            streaming_modes: manifest.capabilities.streamingModes,
            features: manifest.capabilities.features
        ))
        var descriptor = sb_plugin_descriptor()
        descriptor.struct_size = UInt32(MemoryLayout<sb_plugin_descriptor>.size)
        descriptor.abi_version = SB_ABI_VERSION
        descriptor.id = permanentCString(manifest.id)
        descriptor.name = permanentCString(manifest.name)
        descriptor.version = permanentCString(manifest.version)
        descriptor.platform = permanentCString(manifest.platform)
        descriptor.description = manifest.description.map(permanentCString)
        descriptor.toolchain = sb_toolchain_identifier()
        descriptor.config_schema = manifest.configSchema.map(permanentCString)
        descriptor.capabilities = UnsafePointer(capabilities)
        descriptor.create = createTrampoline
        descriptor.start = startTrampoline
        descriptor.stop = { handle in
            guard let box = InstanceBox.from(handle) else { return }
            box.provider.stop()
            box.host.callbacks.dropAll()  // the host ended them without callbacks
        }
        descriptor.destroy = { handle in InstanceBox.release(handle) }
        descriptor.send = sendTrampoline
        descriptor.get_extension = { extensionID in
            guard let extensionID, let lookup = PluginEntry.registration.withLock({ $0?.extensionTable }) else { return nil }
            return lookup(String(cString: extensionID))  // outside the lock: user code may re-enter
        }
        self.descriptor = .allocate(capacity: 1)
        self.descriptor.initialize(to: descriptor)
        makeInstance = { (host, json) throws(ProviderError) in
            let settings: Plugin.Instance.Settings
            do {
                settings = try JSONDecoder().decode(Plugin.Instance.Settings.self, from: Data(json.utf8))
            } catch {
                throw .invalidArgument("settings do not match what \(manifest.id) expects: \(error)")
            }
            return try Plugin.Instance(host: host, settings: settings)
        }
        extensionTable = { Plugin.extensionTable($0) ?? ProviderFeatureTables.table($0, for: Plugin.Instance.self) }
    }
}

private func permanentCString(_ string: String) -> UnsafePointer<CChar> {
    UnsafePointer(strdup(string)!)
}

/// Owns a provider instance behind the opaque `sb_instance` handle.
private final class InstanceBox {
    let provider: any Provider
    let host: ProviderHost
    init(_ provider: any Provider, host: ProviderHost) {
        self.provider = provider
        self.host = host
    }

    static func from(_ handle: OpaquePointer?) -> InstanceBox? {
        handle.map { Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    static func release(_ handle: OpaquePointer?) {
        guard let handle else { return }
        Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(handle)).release()
    }
}

private let createTrampoline: @convention(c) (
    UnsafePointer<sb_host>?, UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<sb_error>?
) -> Int32 = { hostTable, settingsJSON, instance, errorOut in
    guard let hostTable, let instance else {
        return ProviderError.invalidArgument("create called without a host or an instance slot").write(to: errorOut)
    }
    guard let makeInstance = PluginEntry.registration.withLock({ $0?.makeInstance }) else {
        return ProviderError(code: SB_ERR_INTERNAL, message: "plugin entry was not called").write(to: errorOut)
    }
    do throws(ProviderError) {
        let host = try ProviderHost(hostTable)
        let provider = try makeInstance(host, settingsJSON.map { String(cString: $0) } ?? "{}")
        instance.pointee = OpaquePointer(Unmanaged.passRetained(InstanceBox(provider, host: host)).toOpaque())
        return SB_OK
    } catch {
        return error.write(to: errorOut)
    }
}

private let startTrampoline: @convention(c) (OpaquePointer?, UnsafeMutablePointer<sb_error>?) -> Int32 = { handle, errorOut in
    guard let box = InstanceBox.from(handle) else {
        return ProviderError.invalidArgument("start called without an instance").write(to: errorOut)
    }
    do throws(ProviderError) {
        try box.provider.start()
        return SB_OK
    } catch {
        return error.write(to: errorOut)
    }
}

private let sendTrampoline: @convention(c) (
    OpaquePointer?, UnsafePointer<sb_outbound_message>?, sb_send_callback?, UnsafeMutableRawPointer?
) -> Void = { handle, message, done, token in
    guard let completion = SendCompletion(callback: done, token: token) else { return }
    guard let box = InstanceBox.from(handle), let message,
          let raw = HostStructs.read(sb_outbound_message.self, from: message, requiredSize: OutgoingMessage.requiredSize)
    else {
        completion.fail(.invalidArgument("send called without an instance or with a too small message"))
        return
    }
    box.provider.send(OutgoingMessage(raw), completion: completion)
}
