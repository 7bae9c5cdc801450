import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What `TestHTTPServer` answers on a path.
public enum ScriptedResponse: Sendable {
    /// A complete response with a Content-Length; the connection is then closed.
    case reply(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [])
    /// Reads the request and never answers, until the client hangs up.
    case stall
    /// Sends the head and one chunk of a chunked body, then nothing more until the
    /// client hangs up.
    case slowBody(status: Int, firstChunk: [UInt8])
    /// Sends the head, then a chunked body as `steps` script it: each `send` as one
    /// chunk, as soon as the steps before it are done. The body ends after the last
    /// step, unless that is `stall`.
    case stream(status: Int, headers: [(name: String, value: String)] = [], steps: [StreamStep])
}

/// One step of a `ScriptedResponse.stream` body.
public enum StreamStep: Sendable {
    /// Sends these bytes as one chunk.
    case send([UInt8])
    /// Waits this long before the next step.
    case pause(Duration)
    /// Sends nothing more until the client hangs up: the body never ends.
    case stall

    /// Sends `text` as one chunk, in UTF-8.
    public static func send(_ text: String) -> StreamStep {
        .send(Array(text.utf8))
    }
}

/// A request as `TestHTTPServer` received it.
public struct RecordedRequest: Sendable {
    public var method: String
    /// The request target: path and query.
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The path, without the query.
    public var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// The value of the first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A scripted HTTP/1.1 server on 127.0.0.1 and a free port, one request per connection,
/// a thread per connection. Answers each path as `routes` says (404 when it says
/// nothing) and records every request. Call `stop()` when done.
public final class TestHTTPServer: Sendable {
    private struct State {
        var received: [RecordedRequest] = []
        var waiters: [(path: String, continuation: CheckedContinuation<RecordedRequest, Never>)] = []
        var connections: Set<Int32> = []
        /// The paths of the requests whose connections have closed, in closing order.
        var closed: [String] = []
        var closeWaiters: [(path: String, continuation: CheckedContinuation<Void, Never>)] = []
        /// Once stopped, the listener's number may belong to another socket: never touch it again.
        var isStopped = false
    }

    public let port: UInt16
    private let listener: Int32
    private let routes: [String: ScriptedResponse]
    private let state = Mutex(State())

    /// "http://127.0.0.1:PORT".
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init(routes: [String: ScriptedResponse]) throws {
        self.routes = routes
        (listener, port) = try LoopbackSocket.bind()
        guard listen(listener, 16) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        Thread { [self] in acceptConnections() }.start()
    }

    /// The requests received so far, in arrival order.
    public var received: [RecordedRequest] {
        state.withLock { $0.received }
    }

    /// The first request to `path`, once it has been received in full.
    public func firstRequest(to path: String) async -> RecordedRequest {
        await withCheckedContinuation { continuation in
            state.withLock { state in
                if let request = state.received.first(where: { $0.path == path }) {
                    continuation.resume(returning: request)
                } else {
                    state.waiters.append((path, continuation))
                }
            }
        }
    }

    /// Returns once the connection that carried the first request to `path` has
    /// closed: at once for a `reply`, when the client hangs up for a `stall`.
    public func connectionClosed(afterRequestTo path: String) async {
        await withCheckedContinuation { continuation in
            state.withLock { state in
                if state.closed.contains(path) {
                    continuation.resume()
                } else {
                    state.closeWaiters.append((path, continuation))
                }
            }
        }
    }

    /// Stops accepting and hangs up on every open connection.
    public func stop() {
        state.withLock { state in
            guard !state.isStopped else { return }
            state.isStopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            for connection in state.connections {
                shutdown(connection, Int32(SHUT_RDWR))
            }
        }
    }

    private func acceptConnections() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                break
            }
            state.withLock { _ = $0.connections.insert(connection) }
            Thread { [self] in serve(connection) }.start()
        }
        close(listener)
    }

    private func serve(_ connection: Int32) {
        var reader = HTTPRequestReader(connection: connection)
        let request = reader.read()
        defer {
            state.withLock { state in
                state.connections.remove(connection)
                close(connection)
                if let path = request?.path {
                    state.closed.append(path)
                    let ready = state.closeWaiters.filter { $0.path == path }
                    state.closeWaiters.removeAll { $0.path == path }
                    ready.forEach { $0.continuation.resume() }
                }
            }
        }
        guard let request else { return }
        record(request)
        switch routes[request.path] ?? .reply(status: 404) {
        case .reply(let status, let headers, let body):
            sendAll(Self.head(status: status, headers: headers, framing: "Content-Length: \(body.count)") + body, to: connection)
        case .stall:
            waitForHangUp(connection)
        case .slowBody(let status, let firstChunk):
            sendAll(Self.head(status: status, framing: "Transfer-Encoding: chunked") + Self.chunk(firstChunk), to: connection)
            waitForHangUp(connection)
        case .stream(let status, let headers, let steps):
            guard sendAll(Self.head(status: status, headers: headers, framing: "Transfer-Encoding: chunked"), to: connection)
            else { return }
            play(steps, on: connection)
        }
    }

    /// Sends a chunked body as `steps` script it, until the client hangs up.
    private func play(_ steps: [StreamStep], on connection: Int32) {
        for step in steps {
            switch step {
            case .send(let bytes) where bytes.isEmpty:
                continue  // an empty chunk would end the body
            case .send(let bytes):
                guard sendAll(Self.chunk(bytes), to: connection) else { return }
            case .pause(let duration):
                let (seconds, attoseconds) = duration.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
            case .stall:
                waitForHangUp(connection)
                return
            }
        }
        sendAll(Self.chunk([]), to: connection)
    }

    /// A response head: status line, `headers`, the body's framing field, and closing the connection.
    private static func head(status: Int, headers: [(name: String, value: String)] = [], framing: String) -> [UInt8] {
        var head = "HTTP/1.1 \(status) Scripted\r\n"
        for header in headers {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "\(framing)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8)
    }

    /// `bytes` as one chunk of a chunked body; no bytes make the last chunk.
    private static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(bytes.count, radix: 16).utf8) + Array("\r\n".utf8) + bytes + Array("\r\n".utf8)
    }

    private func record(_ request: RecordedRequest) {
        state.withLock { state in
            state.received.append(request)
            let ready = state.waiters.filter { $0.path == request.path }
            state.waiters.removeAll { $0.path == request.path }
            ready.forEach { $0.continuation.resume(returning: request) }
        }
    }

    /// Sends `bytes`; false when the client has hung up.
    @discardableResult
    private func sendAll(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return false }
            sent += count
        }
        return true
    }

    /// Blocks until the client closes the connection (or `stop()` shuts it down).
    private func waitForHangUp(_ connection: Int32) {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while buffer.withUnsafeMutableBytes({ recv(connection, $0.baseAddress, $0.count, 0) }) > 0 {}
    }
}
