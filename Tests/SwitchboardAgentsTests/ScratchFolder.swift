import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A new folder under the temporary directory for one test's files. Call `remove()` when done.
struct ScratchFolder {
    /// Its absolute path, symbolic links resolved.
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-agents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.resolvingSymlinksInPath().path
    }

    /// Writes an executable `/bin/sh` script with `body`; its path.
    func script(_ body: String, named name: String = "agent.sh") throws -> String {
        let scriptPath = path + "/" + name
        try ("#!/bin/sh\n" + body + "\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scriptPath)
        return scriptPath
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A named pipe that a fixture program opens for writing (`exec 3>"$LIFELINE"`) and so
/// holds open, with every process it starts, until they have all ended.
struct Lifeline {
    let path: String

    init(in folder: ScratchFolder) throws {
        path = folder.path + "/lifeline"
        guard mkfifo(path, 0o600) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Returns once the program has opened the pipe and every holder has closed it.
    /// Call it before starting the program, which waits for this reader.
    func ended() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let path = path
            Thread {
                let pipe = open(path, O_RDONLY)
                var buffer = [UInt8](repeating: 0, count: 64)
                while pipe >= 0, buffer.withUnsafeMutableBytes({ read(pipe, $0.baseAddress, $0.count) }) > 0 {}
                close(pipe)
                continuation.resume()
            }.start()
        }
    }
}
