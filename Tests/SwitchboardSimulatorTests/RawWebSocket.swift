import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket client on a bare TCP socket, for what WSClient hides or misses: it reads
/// every frame the server sends, control frames included (WSClient answers pings itself,
/// and can miss a close that comes while its upgrade settles), and writes frames when
/// the test says (a DingTalk stream client's acks, say). Blocking calls run on threads
/// of their own, off Swift's cooperative pool.
final class RawWebSocket: Sendable {
    struct Frame: Sendable {
        let opcode: UInt8
        let payload: [UInt8]

        var text: String { String(decoding: payload, as: UTF8.self) }
        var isText: Bool { opcode == 0x1 }
        var isClose: Bool { opcode == 0x8 }
        /// A close frame's status code.
        var closeCode: Int? { isClose && payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : nil }
    }

    /// The server answered the upgrade with something else than 101.
    struct Refused: Error {
        let statusLine: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let socket: Int32
    private let closed = Atomic<Bool>(false)

    private init(socket: Int32) {
        self.socket = socket
    }

    /// Connects to 127.0.0.1:`port` and upgrades `path` (with its query); throws `Refused`
    /// when the server does not switch protocols.
    static func connect(port: Int, path: String) async throws -> RawWebSocket {
        try await onThread {
            let socket = try LoopbackTCP.connect(port: port)
            let client = RawWebSocket(socket: socket)
            do {
                try client.handshake(path: path)
            } catch {
                client.close()
                throw error
            }
            return client
        }
    }

    /// Opens a WebSocket to `path` on 127.0.0.1:`port` and returns the first `count`
    /// frames the server sends, sending nothing after the handshake.
    static func firstFrames(port: Int, path: String, count: Int) async throws -> [Frame] {
        let socket = try await connect(port: port, path: path)
        defer { socket.close() }
        var frames: [Frame] = []
        while frames.count < count { frames.append(try await socket.receive()) }
        return frames
    }

    /// The next frame the server sends (waits at most 10 s).
    func receive() async throws -> Frame {
        try await Self.onThread { try self.readFrame() }
    }

    /// The next text frame, as a JSON object.
    func receiveJSON() async throws -> [String: Any] {
        let frame = try await receive()
        guard frame.isText, let object = try JSONSerialization.jsonObject(with: Data(frame.payload)) as? [String: Any] else {
            throw Failure(description: "not a JSON text frame: opcode \(frame.opcode), \(frame.text)")
        }
        return object
    }

    /// Sends `text` as one masked text frame.
    func send(text: String) async throws {
        try await Self.onThread { try self.write(opcode: 0x1, payload: Array(text.utf8)) }
    }

    /// Sends `object` as JSON text.
    func send(json object: [String: Any]) async throws {
        try await send(text: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
    }

    /// Sends a close frame with `code`.
    func sendClose(code: UInt16 = 1000) async throws {
        try await Self.onThread { try self.write(opcode: 0x8, payload: [UInt8(code >> 8), UInt8(code & 0xFF)]) }
    }

    /// Closes the TCP connection (once).
    func close() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        Glibc.close(socket)
    }

    deinit { close() }

    private func handshake(path: String) throws {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try writeAll(Array(request.utf8))
        var head: [UInt8] = []
        while !(head.count >= 4 && Array(head.suffix(4)) == Array("\r\n\r\n".utf8)) { head += try LoopbackTCP.read(socket, 1) }
        let statusLine = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")[0]
        guard statusLine.hasPrefix("HTTP/1.1 101") else { throw Refused(statusLine: statusLine) }
    }

    private func readFrame() throws -> Frame {
        let header = try LoopbackTCP.read(socket, 2)
        var length = Int(header[1] & 0x7F)
        if length == 126 {
            length = try LoopbackTCP.read(socket, 2).reduce(0) { $0 << 8 | Int($1) }
        } else if length == 127 {
            length = try LoopbackTCP.read(socket, 8).reduce(0) { $0 << 8 | Int($1) }
        }
        let mask = header[1] & 0x80 != 0 ? try LoopbackTCP.read(socket, 4) : nil
        var payload = try LoopbackTCP.read(socket, length)
        if let mask { for index in payload.indices { payload[index] ^= mask[index % 4] } }
        return Frame(opcode: header[0] & 0x0F, payload: payload)
    }

    /// A client's frames are masked (RFC 6455, 5.3).
    private func write(opcode: UInt8, payload: [UInt8]) throws {
        var frame: [UInt8] = [0x80 | opcode]
        switch payload.count {
        case ..<126: frame.append(0x80 | UInt8(payload.count))
        case ..<65536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: frame += [0x80 | 127] + (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask: [UInt8] = (0..<4).map { _ in UInt8.random(in: .min ... .max) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try writeAll(frame)
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(description: "send failed (errno \(errno))") }
            sent += count
        }
    }

    private static func onThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
