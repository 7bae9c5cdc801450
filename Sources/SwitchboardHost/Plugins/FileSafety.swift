#if canImport(Glibc)
import Glibc
#endif

/// A plugin file opened for loading. The checks ran on this open file, and the loader
/// loads it through the same descriptor, so what runs is what was checked even if the
/// path is swapped in between. The descriptor stays open for loaded plugins (they are
/// never unloaded, and a reused descriptor number would alias them in the loader).
struct CheckedPluginFile {
    let descriptor: Int32

    /// The path `dlopen` loads the checked file by.
    var loadPath: String { "/proc/self/fd/\(descriptor)" }

    /// Closes the descriptor; for files that were not loaded.
    func close() { _ = Glibc.close(descriptor) }
}

/// Checks a plugin file before anything of it is loaded (DESIGN.md, ABI rule 9): it,
/// the folder it lies in and the folder it was found in must be owned by root or the
/// host's user and not writable by group or others; it must be an ELF file.
enum FileSafety {
    static func open(file: String, foundIn folder: String) throws(PluginRefusal.Reason) -> CheckedPluginFile {
        try checkTrusted(folder)
        let descriptor = Glibc.open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .notAFile }
        let checked = CheckedPluginFile(descriptor: descriptor)
        do {
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { throw PluginRefusal.Reason.notAFile }
            try checkTrusted(file, status)
            if let resolved = realpath(file, nil) {
                defer { free(resolved) }
                let resolvedFolder = parentFolder(of: String(cString: resolved))
                if resolvedFolder != folder { try checkTrusted(resolvedFolder) }
            }
            guard hasELFMagic(descriptor) else { throw PluginRefusal.Reason.notELF }
            return checked
        } catch {
            checked.close()
            throw error as! PluginRefusal.Reason
        }
    }

    private static func checkTrusted(_ path: String) throws(PluginRefusal.Reason) {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        try checkTrusted(path, status)
    }

    private static func checkTrusted(_ path: String, _ status: stat) throws(PluginRefusal.Reason) {
        if status.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            throw .unsafePermissions(path: path, mode: UInt32(status.st_mode))
        }
        if status.st_uid != 0, status.st_uid != geteuid() {
            throw .untrustedOwner(path: path, owner: status.st_uid)
        }
    }

    private static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func hasELFMagic(_ descriptor: Int32) -> Bool {
        var magic = [UInt8](repeating: 0, count: 4)
        return pread(descriptor, &magic, 4, 0) == 4 && magic == [0x7F, 0x45, 0x4C, 0x46]
    }
}
