#if canImport(Glibc)
import Glibc
#endif

/// Checks a plugin file before anything of it is loaded (DESIGN.md, ABI rule 9).
enum FileSafety {
    /// Throws unless `file` is a regular ELF file that neither it nor its folder
    /// lets group or others write.
    static func check(file: String) throws(PluginRefusal.Reason) {
        var status = stat()
        guard stat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .notAFile
        }
        try checkNotWritableByOthers(file, mode: status.st_mode)
        let resolved = realpath(file, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? file
        let folder = parentFolder(of: resolved)
        var folderStatus = stat()
        if stat(folder, &folderStatus) == 0 {
            try checkNotWritableByOthers(folder, mode: folderStatus.st_mode)
        }
        guard hasELFMagic(file) else { throw .notELF }
    }

    private static func checkNotWritableByOthers(_ path: String, mode: mode_t) throws(PluginRefusal.Reason) {
        if mode & (S_IWGRP | S_IWOTH) != 0 {
            throw .unsafePermissions(path: path, mode: UInt32(mode))
        }
    }

    private static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func hasELFMagic(_ file: String) -> Bool {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = read(descriptor, &magic, 4)
        return count == 4 && magic == [0x7F, 0x45, 0x4C, 0x46]
    }
}
