import Foundation
import Logging
import Synchronization
import Testing
import SwitchboardHTTP
import SwitchboardSimulator
import WSClient

/// One client for every test: no proxy, whatever the environment says.
let client = HTTPClient(proxy: "")

let testLogger: Logger = {
    var logger = Logger(label: "simulator-tests")
    logger.logLevel = .warning
    return logger
}()

/// Runs `body` against `platform` on a started simulator server, stopped afterwards
/// whatever happens.
func withSimulator<Platform: PlatformSimulator>(
    _ platform: Platform, _ body: (SimulatorServer, Platform) async throws -> Void
) async throws {
    let server = SimulatorServer(platform: platform, logger: testLogger)
    try await server.start()
    do {
        try await body(server, platform)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// Runs `body` against a started echo simulator, stopped afterwards whatever happens.
func withEchoSimulator(_ body: (SimulatorServer, EchoSimulator) async throws -> Void) async throws {
    try await withSimulator(EchoSimulator(), body)
}

extension SimulatorServer {
    /// GETs `target` (path and query) and returns the answer.
    func get(_ target: String, idleTimeout: Duration? = nil) async throws -> HTTPResponse {
        try await send("GET", target, idleTimeout: idleTimeout)
    }

    /// Sends `method` to `target` (path and query) and returns the answer.
    func send(
        _ method: String,
        _ target: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        idleTimeout: Duration? = nil
    ) async throws -> HTTPResponse {
        try await client.execute(
            HTTPRequest(method: method, url: baseURL + target, headers: headers, body: body, idleTimeout: idleTimeout)
        )
    }

    /// Connects WSClient to `path` and runs `handler`; returns the server's close frame.
    @discardableResult
    func webSocket(
        _ path: String, handler: @escaping WebSocketDataHandler<WebSocketClient.Context>
    ) async throws -> WebSocketCloseFrame? {
        try await WebSocketClient.connect(url: webSocketBaseURL + path, logger: testLogger, handler: handler)
    }

    /// The JSON array a control route answers with.
    func jsonArray(_ target: String) async throws -> [[String: Any]] {
        let body = try await get(target).body
        return try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]])
    }

    /// The first WebSocket session, once its client has sent a message: WSClient can
    /// miss a close or a hang-up that comes while its upgrade is settling.
    func connectedSession() async throws -> WebSocketSession {
        let session = try await webSockets.first()
        _ = try await session.received.first()
        return session
    }
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    var json: [String: Any] {
        get throws { try #require(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) }
    }
}

/// Values a concurrent task hands to the test.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// What `body` returns or throws.
func result<Value>(of body: () async throws -> Value) async -> Result<Value, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}
