import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket server on 127.0.0.1 that misbehaves on purpose, one connection at a
/// time, a thread per connection: what no well-behaved simulator would do.
public final class HostileWebSocketPeer: Sendable {
    /// How the peer misbehaves after reading the opening handshake.
    public enum Behaviour: Sendable {
        /// Never answers the handshake.
        case neverUpgrade
        /// Completes the handshake, then ignores everything: pings get no pong.
        case silent
        /// Completes the handshake, then sends bytes that are no valid frame.
        case garbage
        /// Completes the handshake, then sends one text message of this many bytes.
        case oversized(Int)
    }

    public let port: UInt16
    private let listener: Int32
    private let behaviour: Behaviour
    private let connections = Mutex<[Int32]>([])

    /// "ws://127.0.0.1:PORT/".
    public var url: String { "ws://127.0.0.1:\(port)/" }

    public init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        (listener, port) = try LoopbackSocket.bind()
        guard listen(listener, 8) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        Thread { [self] in acceptConnections() }.start()
    }

    /// Stops accepting and hangs up on every open connection.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        // Under the lock: a closed connection's number may already belong to another socket.
        connections.withLock { connections in
            for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptConnections() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            connections.withLock { $0.append(connection) }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer {
            connections.withLock { connections in
                connections.removeAll { $0 == connection }
                close(connection)
            }
        }
        var reader = HTTPRequestReader(connection: connection)
        guard let request = reader.read(), let key = request.header("Sec-WebSocket-Key") else { return }
        if case .neverUpgrade = behaviour {
            drain(connection)
            return
        }
        let accept = Data(SHA1.digest(Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
        send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n\r\n", to: connection)
        switch behaviour {
        case .garbage:
            // Opcode 0xB is reserved; RSV bits set without an extension.
            send(bytes: [0xFB, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], to: connection)
        case let .oversized(size):
            var frame: [UInt8] = [0x81, 127]
            frame += withUnsafeBytes(of: UInt64(size).bigEndian, Array.init)
            frame += [UInt8](repeating: UInt8(ascii: "a"), count: size)
            send(bytes: frame, to: connection)
        case .silent, .neverUpgrade:
            break
        }
        drain(connection)
    }

    /// Reads and ignores everything until the client hangs up.
    private func drain(_ connection: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while recv(connection, &buffer, buffer.count, 0) > 0 {}
    }

    private func send(_ text: String, to connection: Int32) {
        send(bytes: Array(text.utf8), to: connection)
    }

    private func send(bytes: [UInt8], to connection: Int32) {
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else { return }
            sent += result
        }
    }
}

/// SHA-1, for the WebSocket handshake's accept key only (RFC 3174).
enum SHA1 {
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var padded = message + [0x80]
        while padded.count % 64 != 56 { padded.append(0) }
        padded += withUnsafeBytes(of: (UInt64(message.count) * 8).bigEndian, Array.init)
        for chunk in stride(from: 0, to: padded.count, by: 64) {
            var w = (0..<16).map { index in
                padded[chunk + 4 * index..<chunk + 4 * index + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            }
            for index in 16..<80 {
                let x = w[index - 3] ^ w[index - 8] ^ w[index - 14] ^ w[index - 16]
                w.append(x << 1 | x >> 31)
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for index in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch index {
                case 0..<20: ((b & c) | (~b & d), 0x5A827999)
                case 20..<40: (b ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
                default: (b ^ c ^ d, 0xCA62C1D6)
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[index]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, temp)
            }
            h = [h[0] &+ a, h[1] &+ b, h[2] &+ c, h[3] &+ d, h[4] &+ e]
        }
        return h.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) }
    }
}
