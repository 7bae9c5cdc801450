import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket client on a bare TCP socket, for what WSClient hides or misses: control
/// frames (WSClient answers pings itself), and a close that comes right after the
/// upgrade (WSClient 1.6.2 can miss a close or hang-up that arrives while its upgrade
/// is settling, and then waits forever). It blocks, so it runs on a thread of its own,
/// off Swift's cooperative pool.
enum RawWebSocket {
    struct Frame: Equatable {
        let opcode: UInt8
        let payload: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Opens a WebSocket to `path` on 127.0.0.1:`port` and returns the first `count`
    /// frames the server sends, sending nothing after the handshake.
    static func firstFrames(port: Int, path: String, count: Int) async throws -> [Frame] {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try readFrames(port: port, path: path, count: count) })
            }.start()
        }
    }

    private static func readFrames(port: Int, path: String, count: Int) throws -> [Frame] {
        let socket = try LoopbackTCP.connect(port: port)
        defer { close(socket) }
        let handshake = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let sent = Array(handshake.utf8).withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        guard sent == handshake.utf8.count else {
            throw Failure(description: "could not send the handshake")
        }
        var head: [UInt8] = []
        while !head.ends(with: Array("\r\n\r\n".utf8)) { head += try LoopbackTCP.read(socket, 1) }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw Failure(description: "no upgrade: \(String(decoding: head, as: UTF8.self))")
        }
        var frames: [Frame] = []
        while frames.count < count {
            let header = try LoopbackTCP.read(socket, 2)
            guard header[1] & 0x7F < 126 else { throw Failure(description: "unexpectedly long frame") }
            frames.append(Frame(opcode: header[0] & 0x0F, payload: try LoopbackTCP.read(socket, Int(header[1] & 0x7F))))
        }
        return frames
    }

}

extension Array where Element: Equatable {
    fileprivate func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
