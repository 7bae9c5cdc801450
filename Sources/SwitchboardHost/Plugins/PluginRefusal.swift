/// Why the loader would not load a plugin file. One refusal is one log line naming
/// the file and the reason; the host carries on with the other plugins.
public struct PluginRefusal: Error, Sendable, CustomStringConvertible {
    /// The plugin file.
    public let file: String
    let reason: Reason

    enum Reason: Error, Sendable, Equatable {
        case unsafePermissions(path: String, mode: UInt32)
        case untrustedOwner(path: String, owner: UInt32)
        case notAFile
        case notELF
        case openFailed(String)
        case missingEntry
        case entryDeclined(hostVersion: UInt32)
        case abiMajorMismatch(plugin: UInt32, host: UInt32)
        case structTooSmall(name: String, declared: Int, required: Int)
        case missingMember(String)
        case invalidMember(String, problem: String)
        case toolchainMismatch(plugin: String, host: String)
        case invalidSchema(String)
        case missingExtension(capability: String, extensionID: String)
        case duplicateID(String, loadedFrom: String)
    }

    /// The reason alone, as `plugins list` shows it.
    public var reasonDescription: String {
        switch reason {
        case let .unsafePermissions(path, mode):
            let mask = String(mode & 0o777, radix: 8)
            return "\(path) is writable by group or others (mode \(mask)); fix with chmod go-w"
        case let .untrustedOwner(path, owner):
            return "\(path) is owned by uid \(owner), neither root nor the host's user; another user could replace it"
        case .notAFile:
            return "not a regular file"
        case .notELF:
            return "not an ELF shared library"
        case let .openFailed(message):
            return "dlopen failed: \(message)"
        case .missingEntry:
            return "no entry symbol \(PluginLoader.entrySymbol); is it a Switchboard plugin, built with the entry exported?"
        case let .entryDeclined(hostVersion):
            return "the plugin declined host ABI \(ABIVersion.describe(hostVersion)) (its entry returned NULL)"
        case let .abiMajorMismatch(plugin, host):
            return "built for ABI \(ABIVersion.describe(plugin)), this host speaks ABI \(ABIVersion.describe(host)); majors must match"
        case let .structTooSmall(name, declared, required):
            return "\(name).struct_size is \(declared) bytes, ABI 1.0 requires at least \(required)"
        case let .missingMember(name):
            return "mandatory member \(name) is NULL"
        case let .invalidMember(name, problem):
            return "\(name) \(problem)"
        case let .toolchainMismatch(plugin, host):
            return "built by a different Swift toolchain (\(plugin)) than the host (\(host)); rebuild it with the host's toolchain"
        case let .invalidSchema(message):
            return "config_schema is not a valid settings schema: \(message)"
        case let .missingExtension(capability, extensionID):
            return "declares \(capability) but get_extension(\"\(extensionID)\") returns NULL"
        case let .duplicateID(id, loadedFrom):
            return "plugin id '\(id)' is already provided by \(loadedFrom)"
        }
    }

    public var description: String { "refused plugin \(file): \(reasonDescription)" }
}

/// Formats ABI versions, `(major << 16) | minor`.
enum ABIVersion {
    static func major(_ version: UInt32) -> UInt32 { version >> 16 }
    static func minor(_ version: UInt32) -> UInt32 { version & 0xFFFF }
    static func describe(_ version: UInt32) -> String { "\(major(version)).\(minor(version))" }
}
