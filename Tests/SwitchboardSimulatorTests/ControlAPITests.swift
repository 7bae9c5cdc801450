import Foundation
import NIOCore
import SwitchboardHTTP
import SwitchboardSimulator
import Testing
import WSClient

/// The control API under /_sim/, driven over HTTP as a script in any language would.
@Suite(.timeLimit(.minutes(2))) struct ControlAPITests {
    @Test func requestsListsTheLogAsJSON() async throws {
        try await withEchoSimulator { server, _ async throws in
            _ = try await server.send("POST", "/echo?q=1", headers: [("X-Test-A", "b")], body: [0xFF, 0x41])
            _ = try await server.send("PUT", "/echo", body: Array("text".utf8))
            let log = try await server.jsonArray("/_sim/requests")
            #expect(log.count == 2)
            #expect(log[0]["method"] as? String == "POST")
            #expect(log[0]["path"] as? String == "/echo")
            #expect(log[0]["query"] as? String == "q=1")
            #expect(log[0]["body"] is NSNull, "not UTF-8")
            #expect(log[0]["body_base64"] as? String == "/0E=")
            let headers = try #require(log[0]["headers"] as? [[String: String]])
            #expect(headers.contains(["name": "X-Test-A", "value": "b"]))
            #expect(log[1]["body"] as? String == "text")
            #expect(log[1]["time"] is String)
        }
    }

    @Test func faultsArePlannedAndClearedOverHTTP() async throws {
        try await withEchoSimulator { server, _ async throws in
            let fault = #"{"path":"/echo","status":429,"headers":{"Retry-After":"7"},"body":"slow down","count":2}"#
            #expect(try await server.send("POST", "/_sim/faults", body: Array(fault.utf8)).status == 204)
            let limited = try await server.get("/echo")
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "7")
            #expect(limited.text == "slow down")
            let always = #"{"path":"/status/","match":"prefix","action":"drop","until_cleared":true}"#
            #expect(try await server.send("POST", "/_sim/faults", body: Array(always.utf8)).status == 204)
            await #expect(throws: HTTPClientError.self) { try await server.get("/status/200") }
            #expect(try await server.send("DELETE", "/_sim/faults").status == 204)
            #expect(try await server.get("/status/200").status == 200)
            #expect(try await server.get("/echo").status == 200, "cleared before its second use")
        }
    }

    @Test(arguments: [
        #"{"path":"/echo","action":"explode"}"#,
        #"{"path":"/echo"}"#,
        #"{"path":"/echo","action":"delay"}"#,
        #"{"path":"/echo","status":429,"count":0}"#,
        #"{"path":"/echo","status":429,"headers":{"Bad Name":"x"}}"#,
        #"{"status":429}"#,
    ])
    func anInvalidFaultIsRefusedWithAReason(json: String) async throws {
        try await withEchoSimulator { server, _ async throws in
            let answer = try await server.send("POST", "/_sim/faults", body: Array(json.utf8))
            #expect(answer.status == 400)
            #expect(server.faults.planned.isEmpty)
        }
    }

    @Test func resetForgetsLogFaultsAndHeldEvents() async throws {
        try await withEchoSimulator { server, echo async throws in
            _ = try await server.get("/echo")
            server.faults.add(.respond(.exact("/echo"), status: 500))
            try await echo.postEvent("1")
            #expect(try await server.send("POST", "/_sim/reset").status == 204)
            #expect(await server.requests.all.isEmpty)
            #expect(server.faults.planned.isEmpty)
            #expect(try await server.get("/poll").text == #"{"ok":true,"result":[]}"#)
        }
    }

    @Test func echoEventsArePostedOverHTTP() async throws {
        try await withEchoSimulator { server, _ async throws in
            let posted = try await server.send("POST", "/_sim/echo/events", body: Array(#"{"id":5}"#.utf8))
            #expect(posted.text == #"{"answered":0}"#)
            #expect(try await server.send("POST", "/_sim/echo/events", body: Array("{oops".utf8)).status == 400)
            #expect(try await server.get("/poll?timeout=5").text == #"{"ok":true,"result":[{"id":5}]}"#)
        }
    }

    @Test func webSocketSessionsAreListedFedAndClosedOverHTTP() async throws {
        try await withEchoSimulator { server, _ async throws in
            let pushed = Collected<WebSocketMessage>()
            async let closeFrame = server.webSocket("/ws/echo?x=1") { inbound, outbound, _ in
                try await outbound.write(.text("hi"))
                for try await message in inbound.messages(maxSize: 1 << 20) { pushed.append(message) }
            }
            let session = try await server.connectedSession()
            let list = try await server.jsonArray("/_sim/websockets")
            #expect(list.count == 1)
            #expect(list.first?["id"] as? Int == session.id)
            #expect(list.first?["path"] as? String == "/ws/echo")
            #expect(list.first?["query"] as? String == "x=1")
            #expect(list.first?["open"] as? Bool == true)
            #expect(list.first?["received"] as? Int == 1)
            let control = "/_sim/websockets/\(session.id)"
            #expect(try await server.send("POST", control + "/send", body: Array("pushed".utf8)).status == 204)
            #expect(try await server.send("POST", control + "/send?type=binary", body: [9, 8]).status == 204)
            #expect(try await server.send("POST", control + "/close?code=4003&reason=bye").status == 204)
            let frame = try await closeFrame
            #expect(frame?.closeCode == .init(codeNumber: 4003))
            #expect(frame?.reason == "bye")
            // "hi" echoed (whenever the echo got to it) and the two pushed frames, in order.
            let messages = pushed.all
            #expect(messages.count == 3)
            #expect(messages.contains(.text("hi")))
            let text = try #require(messages.firstIndex(of: .text("pushed")))
            let binary = try #require(messages.firstIndex(of: .binary(ByteBuffer(bytes: [9, 8]))))
            #expect(text < binary)
            #expect(try await server.send("POST", "/_sim/websockets/999/drop").status == 404)
        }
    }
}
