import Foundation
import NIOCore
import SwitchboardSimulator
import Testing
import WSClient

@Suite struct DebugDropTests {
    @Test(arguments: 0..<30) func drop(n: Int) async throws {
        try await withEchoSimulator { server, _ async throws in
            let clientDone = Collected<String>()
            let clientTask = Task {
                do {
                    let frame = try await WebSocketClient.connect(url: server.webSocketBaseURL + "/ws/echo", logger: testLogger) { inbound, outbound, _ in
                        clientDone.append("handler started")
                        try await outbound.write(.text("hi"))
                        do { for try await _ in inbound {} ; clientDone.append("inbound nil") } catch { clientDone.append("inbound threw \(error)") }
                    }
                    clientDone.append("returned \(String(describing: frame))")
                } catch { clientDone.append("threw \(error)") }
            }
            let session = try await server.webSockets.first()
            _ = try await session.received.first()
            await session.drop()
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline, !clientDone.all.contains(where: { $0.hasPrefix("returned") || $0.hasPrefix("threw") }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            if !clientDone.all.contains(where: { $0.hasPrefix("returned") || $0.hasPrefix("threw") }) {
                print("HANG \(n): client \(clientDone.all) server session open: \(session.isOpen)")
                clientTask.cancel()
            }
            let stopStart = ContinuousClock.now
            _ = stopStart
        }
    }
}
