import Logging
import Synchronization
import Testing
@testable import SwitchboardIngress
@testable import SwitchboardWebSocket

/// The network parts behind the host services, on their own.
@Suite(.timeLimit(.minutes(1))) struct NetworkPartsTests {
    @Test func concurrentStartsShareOneBindAndStopIsFinal() async throws {
        let server = IngressServer(settings: IngressSettings(port: 0), logger: Logger(label: "test")) { _ in .unknown }
        let ports = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await server.start() } }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(ports.count == 1, "every caller got the one server's port")
        #expect(server.port == ports.first)
        await server.stop()
        #expect(server.port == nil)
        await #expect(throws: IngressStartError.self, "a stopped server stays stopped") { try await server.start() }
    }

    @Test(arguments: [(1000, 1000), (1001, 1001), (4001, 4001), (0, 1000), (-1, 1000), (1005, 1000), (1006, 1000), (70000, 1000), (2999, 1000)])
    func closeCodesAPeerWouldRejectBecomeNormalClosure(code: Int, sent: Int) {
        #expect(WebSocketConnection.sendableCloseCode(code) == sent)
    }

    @Test func closeReasonIsCutToWholeCharactersWithin123Bytes() {
        let reason = String(repeating: "é", count: 100)  // 200 bytes
        let cut = WebSocketConnection.closeReason(reason)
        #expect(cut.utf8.count == 122)
        #expect(cut == String(repeating: "é", count: 61))
        #expect(WebSocketConnection.closeReason("short") == "short")
    }
}
