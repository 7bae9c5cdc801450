import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Blocking TCP on 127.0.0.1, for the raw WebSocket test clients. Call it from a
/// thread of its own, never from Swift's cooperative pool.
enum LoopbackTCP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A connected socket to 127.0.0.1:`port`, whose reads give up after 10 s (a hang guard).
    static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(socket)
            throw Failure(description: "connect: errno \(errno)")
        }
        return socket
    }

    /// Exactly `count` bytes from `socket`.
    static func read(_ socket: Int32, _ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let received = bytes.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + filled, count - filled, 0) }
            guard received > 0 else { throw Failure(description: "connection ended or timed out (errno \(errno))") }
            filled += received
        }
        return bytes
    }
}
