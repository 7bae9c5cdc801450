import Foundation
import NIOCore
import SwitchboardSimulator
import Testing
import WSClient

/// The echo simulator's WebSocket routes and the session registry, through WSClient.
///
/// Where the server acts first (pushes, closes, drops), the client says hello and the
/// test waits for it: WSClient can miss a close or a hang-up that comes while its
/// upgrade is settling (see `RawWebSocket`).
@Suite(.timeLimit(.minutes(2))) struct WebSocketTests {
    @Test func echoAnswersTextWithTextAndBinaryWithBinary() async throws {
        try await withEchoSimulator { server, _ async throws in
            let replies = Collected<WebSocketMessage>()
            try await server.webSocket("/ws/echo") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                try await outbound.write(.text("héllo"))
                if let reply = try await messages.next() { replies.append(reply) }
                try await outbound.write(.binary(ByteBuffer(bytes: [0x00, 0xFF, 0x80])))
                if let reply = try await messages.next() { replies.append(reply) }
            }
            #expect(replies.all == [.text("héllo"), .binary(ByteBuffer(bytes: [0x00, 0xFF, 0x80]))])
            let session = try await server.webSockets.first { $0.request.path == "/ws/echo" }
            let received = try await session.received.wait(for: 2)
            #expect(received == [.text("héllo"), .binary(ByteBuffer(bytes: [0x00, 0xFF, 0x80]))])
            #expect(try await server.requests.first { $0.path == "/ws/echo" }.header("Upgrade") == "websocket")
        }
    }

    @Test func aTestPushesFramesToAConnectedClient() async throws {
        try await withEchoSimulator { server, _ async throws in
            let pushed = Collected<WebSocketMessage>()
            async let client = server.webSocket("/ws/echo") { inbound, outbound, _ in
                try await outbound.write(.text("hello"))
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                for _ in 1...3 {
                    if let message = try await messages.next() { pushed.append(message) }
                }
            }
            let session = try await server.connectedSession()
            try await session.send(text: "from the test")
            try await session.send(binary: [1, 2, 3])
            _ = try await client
            let messages = pushed.all
            #expect(messages.count == 3)
            #expect(messages.contains(.text("hello")), "the echo, whenever it came")
            #expect(messages.filter { $0 != .text("hello") } == [.text("from the test"), .binary(ByteBuffer(bytes: [1, 2, 3]))])
        }
    }

    /// Read off a raw connection: the server closes at once, while WSClient's upgrade settles.
    @Test func closeRouteClosesWithTheCodeAskedFor() async throws {
        try await withEchoSimulator { server, _ async throws in
            let frames = try await RawWebSocket.firstFrames(port: server.port, path: "/ws/close?code=4001", count: 1)
            let close = try #require(frames.first)
            #expect(close.opcode == 0x8)
            #expect(close.payload.prefix(2) == [0x0F, 0xA1])  // 4001
            #expect(String(decoding: close.payload.dropFirst(2), as: UTF8.self) == "closed by simulator")
        }
    }

    @Test func closeRouteRefusesAnInvalidCode() async throws {
        try await withEchoSimulator { server, _ async throws in
            await #expect(throws: (any Error).self) {
                try await server.webSocket("/ws/close?code=99") { _, _, _ in }
            }
            #expect(try await server.get("/status/200").status == 200)
        }
    }

    @Test func aTestClosesASessionWithACode() async throws {
        try await withEchoSimulator { server, _ async throws in
            async let closeFrame = server.webSocket("/ws/echo") { inbound, outbound, _ in
                try await outbound.write(.text("hello"))
                for try await _ in inbound {}
            }
            let session = try await server.connectedSession()
            try await session.close(code: 4002, reason: "go away")
            let frame = try await closeFrame
            #expect(frame?.closeCode == .init(codeNumber: 4002))
            #expect(frame?.reason == "go away")
        }
    }

    @Test func aDroppedSessionEndsWithoutAClosingHandshake() async throws {
        try await withEchoSimulator { server, _ async throws in
            async let outcome = result {
                try await server.webSocket("/ws/echo") { inbound, outbound, _ in
                    try await outbound.write(.text("hello"))
                    for try await _ in inbound {}
                }
            }
            let session = try await server.connectedSession()
            #expect(session.isOpen)
            await session.drop()
            // Either the client reports the broken connection or it ends with no close frame.
            if case let .success(closeFrame) = await outcome {
                #expect(closeFrame == nil, "a drop sends no close frame")
            }
        }
    }

    /// WSClient answers pings itself and never shows them, so the pings are read off a
    /// raw connection: the frames the server sends unasked must be pings.
    @Test func echoPingsEveryIntervalWhenAsked() async throws {
        try await withEchoSimulator { server, _ async throws in
            let frames = try await RawWebSocket.firstFrames(port: server.port, path: "/ws/echo?ping_ms=20", count: 3)
            #expect(frames.map(\.opcode) == [0x9, 0x9, 0x9])
        }
    }
}
