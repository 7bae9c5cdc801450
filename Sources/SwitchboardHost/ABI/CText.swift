import CSwitchboardABI
#if canImport(Glibc)
import Glibc
#endif

/// Text and bytes handed across the ABI in the shapes the header uses.
enum CText {
    /// Copies `text` with a terminating NUL into a caller's buffer, storing its length in
    /// `length`: SB_OK, or SB_ERR_TOO_LARGE when `capacity` leaves no room for the NUL.
    static func copy(_ text: String, into buffer: UnsafeMutablePointer<CChar>?, capacity: Int,
                     length: UnsafeMutablePointer<Int>?) -> Int32 {
        let bytes = Array(text.utf8)
        length?.pointee = bytes.count
        guard let buffer, capacity > bytes.count else { return SB_ERR_TOO_LARGE }
        bytes.withUnsafeBytes { UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        buffer[bytes.count] = 0
        return SB_OK
    }

    /// Reads `count` name/value pairs of a flat header array (name, value, name, ...).
    /// nil when a pointer the count promises is NULL.
    static func headers(_ pairs: UnsafePointer<UnsafePointer<CChar>?>?, count: Int) -> [(name: String, value: String)]? {
        guard count > 0 else { return [] }
        guard let pairs else { return nil }
        var headers: [(name: String, value: String)] = []
        for index in 0..<count {
            guard let name = pairs[2 * index], let value = pairs[2 * index + 1] else { return nil }
            headers.append((String(cString: name), String(cString: value)))
        }
        return headers
    }

    /// A Swift copy of `count` bytes the other side lent (empty for NULL or 0).
    static func bytes(_ pointer: UnsafePointer<UInt8>?, count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// Fills a host-written `sb_error`: the code and the message, truncated to fit.
    static func fill(_ error: UnsafeMutablePointer<sb_error>?, code: Int32, message: String) {
        guard let error else { return }
        error.pointee.code = code
        withUnsafeMutableBytes(of: &error.pointee.message) { buffer in
            let bytes = Array(message.utf8.prefix(buffer.count - 1))
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
    }
}

/// Header fields and a body laid out for one call into the plugin: the flat name/value
/// array the header describes, valid while the arena lives.
final class CHeaderArray {
    private let arena = CStringArena()
    private var pointers: [UnsafePointer<CChar>?] = []

    init(_ headers: [(name: String, value: String)]) {
        for header in headers {
            pointers.append(arena.copy(header.name))
            pointers.append(arena.copy(header.value))
        }
    }

    /// Calls `body` with the array (NULL when empty) and the number of pairs.
    func withPairs<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?, Int) -> R) -> R {
        pointers.withUnsafeBufferPointer { buffer in
            body(buffer.isEmpty ? nil : buffer.baseAddress, buffer.count / 2)
        }
    }
}

extension UnsafeMutablePointer {
    /// A copy of `value` that is never freed: for extension tables, which live until exit.
    static func permanent(_ value: Pointee) -> UnsafeMutablePointer<Pointee> {
        let pointer = UnsafeMutablePointer<Pointee>.allocate(capacity: 1)
        pointer.initialize(to: value)
        return pointer
    }
}
