import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// TCP sockets bound to 127.0.0.1.
enum LoopbackSocket {
    /// A new TCP socket bound to 127.0.0.1 and a free port, not yet listening.
    static func bind() throws -> (socket: Int32, port: UInt16) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else {
            let error = POSIXError(.init(rawValue: errno) ?? .EIO)
            close(socket)
            throw error
        }
        return (socket, UInt16(bigEndian: address.sin_port))
    }
}

/// A port on 127.0.0.1 that refuses connections: bound, so no one else takes it, but
/// not listening.
public final class RefusingPort {
    public let port: UInt16
    private let socket: Int32

    public init() throws {
        (socket, port) = try LoopbackSocket.bind()
    }

    deinit {
        close(socket)
    }
}
