import Foundation

/// Reads whole UTF-8 files, keeping the operating system's reason when that fails.
enum TextFile {
    /// Why a file could not be read.
    struct ReadError: Error {
        /// The reason as the OS words it ("No such file or directory"), or "not valid UTF-8 text".
        let reason: String
        /// Whether the file does not exist.
        let isMissing: Bool
    }

    /// The contents of the file at `path`.
    static func read(atPath path: String) throws(ReadError) -> String {
        guard let stream = fopen(path, "rb") else { throw osError() }
        defer { fclose(stream) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&buffer, 1, buffer.count, stream)
            bytes += buffer[..<count]
            if count < buffer.count { break }
        }
        if ferror(stream) != 0 { throw osError() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ReadError(reason: "not valid UTF-8 text", isMissing: false)
        }
        return text
    }

    private static func osError() -> ReadError {
        let code = errno
        return ReadError(reason: String(cString: strerror(code)), isMissing: code == ENOENT)
    }
}
