import CSwitchboardABI
import CSwitchboardToolchain
public import Logging
import SwitchboardConfig
import SwitchboardCore
#if canImport(Glibc)
import Glibc
#endif

/// Finds provider plugins, loads them and checks every promise the ABI asks of them.
///
/// A refused file costs one log line naming it and the reason; loading goes on with
/// the others. Plugins are never unloaded (`RTLD_NODELETE`, no `dlclose`): a Swift
/// image's runtime metadata outlives any handle.
public struct PluginLoader: Sendable {
    /// The one symbol a plugin exports.
    static let entrySymbol = SB_PLUGIN_ENTRY_SYMBOL
    /// File names of plugins built with the host, found beside its executable.
    static let bundledPrefix = "libswitchboard-provider-"

    let hostABIVersion: UInt32
    let hostToolchain: String
    let logger: Logger

    public init(logger: Logger) {
        self.init(hostABIVersion: SB_ABI_VERSION, logger: logger)
    }

    init(hostABIVersion: UInt32, logger: Logger) {
        self.hostABIVersion = hostABIVersion
        self.hostToolchain = String(cString: sb_toolchain_identifier())
        self.logger = logger
    }

    /// The folder holding the running executable, where bundled plugins are built.
    public static var bundledDirectory: String? {
        guard let path = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(path) }
        let executable = String(cString: path)
        return executable.lastIndex(of: "/").map { String(executable[..<$0]) }
    }

    /// Loads every plugin in `origins`, in order. For a plugin id found twice the
    /// first wins, so a plugin dropped into a configured folder overrides a bundled one.
    public func loadAll(from origins: [PluginOrigin]) -> PluginCatalog {
        var reports: [PluginLoadReport] = []
        var plugins: [String: LoadedPlugin] = [:]
        for origin in origins {
            for file in pluginFiles(in: origin) {
                let outcome = Result { () throws(PluginRefusal) in
                    try load(file: file, origin: origin, alreadyLoaded: plugins)
                }
                switch outcome {
                case let .success(plugin):
                    plugins[plugin.info.id] = plugin
                    logger.info(
                        "loaded plugin",
                        metadata: ["file": "\(file)", "id": "\(plugin.info.id)", "version": "\(plugin.info.version)"]
                    )
                case let .failure(refusal):
                    logger.error("\(refusal)")
                }
                reports.append(PluginLoadReport(file: file, origin: origin, outcome: outcome.map(\.info)))
            }
        }
        return PluginCatalog(reports: reports, plugins: plugins)
    }

    private func pluginFiles(in origin: PluginOrigin) -> [String] {
        guard let folder = opendir(origin.directory) else {
            logger.debug("plugin folder not found", metadata: ["folder": "\(origin.directory)"])
            return []
        }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasSuffix(".so") else { continue }
            if case .bundled = origin, !name.hasPrefix(Self.bundledPrefix) { continue }
            names.append(name)
        }
        return names.sorted().map { origin.directory + "/" + $0 }
    }

    /// Loads one file, or says why not.
    func load(file: String, origin: PluginOrigin, alreadyLoaded: [String: LoadedPlugin] = [:]) throws(PluginRefusal) -> LoadedPlugin {
        do {
            return try loadChecked(file: file, origin: origin, alreadyLoaded: alreadyLoaded)
        } catch {
            throw PluginRefusal(file: file, reason: error)
        }
    }

    private func loadChecked(
        file: String, origin: PluginOrigin, alreadyLoaded: [String: LoadedPlugin]
    ) throws(PluginRefusal.Reason) -> LoadedPlugin {
        let checked = try FileSafety.open(file: file, foundIn: origin.directory)
        do {
            return try load(checked, file: file, origin: origin, alreadyLoaded: alreadyLoaded)
        } catch {
            if case .loaded = error.stage {} else { checked.close() }
            throw error.reason
        }
    }

    /// A refusal, and whether it came before or after `dlopen` (a loaded image stays).
    private struct StagedRefusal: Error {
        enum Stage { case beforeLoading, loaded }
        let reason: PluginRefusal.Reason
        let stage: Stage
    }

    private func load(
        _ checked: CheckedPluginFile, file: String, origin: PluginOrigin, alreadyLoaded: [String: LoadedPlugin]
    ) throws(StagedRefusal) -> LoadedPlugin {
        // A Swift image names its toolchain in an ELF section: refuse a mismatch before
        // any of its code (constructors, the entry) runs in the host.
        if let section = ELFSection.read(SB_TOOLCHAIN_SECTION, from: checked.descriptor) {
            let toolchain = String(decoding: section.prefix { $0 != 0 }, as: UTF8.self)
            if toolchain != hostToolchain {
                throw StagedRefusal(reason: .toolchainMismatch(plugin: toolchain, host: hostToolchain), stage: .beforeLoading)
            }
        }
        guard let handle = dlopen(checked.loadPath, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw StagedRefusal(reason: .openFailed(String(cString: dlerror())), stage: .beforeLoading)
        }
        do {
            return try describeImage(handle, file: file, origin: origin, alreadyLoaded: alreadyLoaded)
        } catch {
            throw StagedRefusal(reason: error, stage: .loaded)
        }
    }

    private func describeImage(
        _ handle: UnsafeMutableRawPointer, file: String, origin: PluginOrigin, alreadyLoaded: [String: LoadedPlugin]
    ) throws(PluginRefusal.Reason) -> LoadedPlugin {
        guard let symbol = dlsym(handle, Self.entrySymbol) else { throw .missingEntry }
        let entry = unsafeBitCast(symbol, to: sb_plugin_entry_fn.self)
        guard let descriptorPointer = entry(hostABIVersion) else {
            throw .entryDeclined(hostVersion: hostABIVersion)
        }
        let declaredSize = Int(UnsafeRawPointer(descriptorPointer).load(as: UInt32.self))
        let versionEnd = ABIStruct.end(of: \sb_plugin_descriptor.abi_version)
        guard declaredSize >= versionEnd else {
            throw .structTooSmall(name: "sb_plugin_descriptor", declared: declaredSize, required: ABI10.descriptorSize)
        }
        let declaredVersion = UnsafeRawPointer(descriptorPointer).load(fromByteOffset: 4, as: UInt32.self)
        guard ABIVersion.major(declaredVersion) == ABIVersion.major(hostABIVersion) else {
            throw .abiMajorMismatch(plugin: declaredVersion, host: hostABIVersion)
        }
        let descriptor = try copyStruct(sb_plugin_descriptor.self, "sb_plugin_descriptor", descriptorPointer, ABI10.descriptorSize)
        let info = try describe(descriptor)
        if let existing = alreadyLoaded[info.id] {
            throw .duplicateID(info.id, loadedFrom: existing.file)
        }
        let schema: SettingsSchema
        do {
            schema = try descriptor.config_schema.map { try SettingsSchema(json: String(cString: $0)) } ?? .empty
        } catch {
            throw .invalidSchema("\(error)")
        }
        let lookup = { (id: String) in descriptor.get_extension.flatMap { get in id.withCString { get($0) } } }
        let modes = info.capabilities.streamingModes
        return LoadedPlugin(
            file: file, origin: origin, info: info, settingsSchema: schema, descriptor: descriptor,
            editExtension: try requiredExtension(
                sb_edit_extension.self, SB_EDIT_EXTENSION_ID, ABI10.editExtensionSize,
                when: modes.contains(.edit), capability: "SB_STREAM_EDIT", lookup: lookup),
            typingExtension: try requiredExtension(
                sb_typing_extension.self, SB_TYPING_EXTENSION_ID, ABI10.typingExtensionSize,
                when: info.capabilities.features.contains(.typing), capability: "SB_FEATURE_TYPING", lookup: lookup),
            streamExtension: try requiredExtension(
                sb_stream_extension.self, SB_STREAM_EXTENSION_ID, ABI10.streamExtensionSize,
                when: !modes.isDisjoint(with: [.draft, .native, .append]),
                capability: "a draft, native or append streaming mode", lookup: lookup)
        )
    }

    /// Checks the descriptor's mandatory members and reads what the plugin declared.
    private func describe(_ descriptor: sb_plugin_descriptor) throws(PluginRefusal.Reason) -> PluginInfo {
        let platform = String(borrowing: descriptor.platform)
        let mandatoryFunctions: [(String, Bool)] = platform == nil
            ? [("get_extension (required of a plugin without a platform)", descriptor.get_extension != nil)]
            : [("create", descriptor.create != nil), ("start", descriptor.start != nil),
               ("stop", descriptor.stop != nil), ("destroy", descriptor.destroy != nil),
               ("send", descriptor.send != nil)]
        for (name, present) in mandatoryFunctions where !present {
            throw .missingMember("sb_plugin_descriptor.\(name)")
        }
        let id = try mandatoryString(descriptor.id, "id")
        guard !id.isEmpty, id.utf8.allSatisfy({ Self.idCharacters.contains($0) }) else {
            throw .invalidMember("sb_plugin_descriptor.id", problem: "'\(id)' must be non-empty and use only a-z 0-9 . _ -")
        }
        let toolchain = String(borrowing: descriptor.toolchain)
        if let toolchain, toolchain != hostToolchain {
            throw .toolchainMismatch(plugin: toolchain, host: hostToolchain)
        }
        var capabilities = ProviderCapabilities()
        if platform != nil {
            guard let capabilitiesPointer = descriptor.capabilities else {
                throw .missingMember("sb_plugin_descriptor.capabilities")
            }
            capabilities = try ProviderCapabilities(
                copyStruct(sb_capabilities.self, "sb_capabilities", capabilitiesPointer, ABI10.capabilitiesSize))
        }
        return PluginInfo(
            id: id,
            name: try mandatoryString(descriptor.name, "name"),
            version: try mandatoryString(descriptor.version, "version"),
            platform: platform,
            description: String(borrowing: descriptor.description),
            abiVersion: ABIVersion.describe(descriptor.abi_version),
            toolchain: toolchain,
            capabilities: capabilities
        )
    }

    private static let idCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789._-".utf8)

    private func mandatoryString(_ pointer: UnsafePointer<CChar>?, _ member: String) throws(PluginRefusal.Reason) -> String {
        guard let string = String(borrowing: pointer) else { throw .missingMember("sb_plugin_descriptor.\(member)") }
        return string
    }

    private func copyStruct<T>(
        _ type: T.Type, _ name: String, _ pointer: UnsafePointer<T>, _ requiredSize: Int
    ) throws(PluginRefusal.Reason) -> T {
        do {
            return try ABIStruct.copy(type, from: pointer, requiredSize: requiredSize)
        } catch {
            throw .structTooSmall(name: name, declared: error.declaredSize, required: error.requiredSize)
        }
    }

    private func requiredExtension<T>(
        _ type: T.Type, _ extensionID: String, _ requiredSize: Int, when declared: Bool, capability: String,
        lookup: (String) -> UnsafeRawPointer?
    ) throws(PluginRefusal.Reason) -> T? {
        guard declared else { return nil }
        guard let table = lookup(extensionID) else {
            throw .missingExtension(capability: capability, extensionID: extensionID)
        }
        return try copyStruct(type, extensionID, table.assumingMemoryBound(to: T.self), requiredSize)
    }
}

extension ProviderCapabilities {
    /// Reads a plugin's declaration, refusing values this host does not know.
    init(_ declared: sb_capabilities) throws(PluginRefusal.Reason) {
        let unit: LengthUnit
        switch declared.message_limit_unit {
        case SB_UNIT_UTF16: unit = .utf16
        case SB_UNIT_BYTES: unit = .bytes
        case SB_UNIT_CHARACTERS: unit = .characters
        case 0 where declared.message_limit == 0: unit = .characters
        case let other:
            throw .invalidMember("sb_capabilities.message_limit_unit", problem: "is \(other), not one of SB_UNIT_*")
        }
        self.init(
            messageLimit: declared.message_limit == 0 ? nil : Int(declared.message_limit),
            limitUnit: unit,
            streamingModes: StreamingModes(rawValue: declared.streaming_modes),
            features: ProviderFeatures(rawValue: declared.features)
        )
    }
}
