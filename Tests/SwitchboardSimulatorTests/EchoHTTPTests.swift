import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// The echo simulator's HTTP routes, through a real client.
@Suite(.timeLimit(.minutes(2))) struct EchoHTTPTests {
    @Test func echoReturnsTheBodyByteForByteWithMethodQueryAndTestHeaders() async throws {
        try await withEchoSimulator { server, _ async throws in
            let bytes = (0...255).map(UInt8.init) + [0xC3, 0x28, 0x00, 0xFF]  // not UTF-8
            let answer = try await server.send(
                "PUT", "/echo?a=1&b=x%20y",
                headers: [("Content-Type", "image/png"), ("X-Test-Trace", "t-1"), ("X-Other", "no")],
                body: bytes
            )
            #expect(answer.status == 200)
            #expect(answer.body == bytes)
            #expect(answer.header("X-Echo-Method") == "PUT")
            #expect(answer.header("X-Echo-Query") == "a=1&b=x%20y")
            #expect(answer.header("Content-Type") == "image/png")
            #expect(answer.header("X-Test-Trace") == "t-1")
            #expect(answer.header("X-Other") == nil)
        }
    }

    @Test func echoDefaultsToOctetStream() async throws {
        try await withEchoSimulator { server, _ async throws in
            let answer = try await server.send("DELETE", "/echo")
            #expect(answer.status == 200)
            #expect(answer.body.isEmpty)
            #expect(answer.header("Content-Type") == "application/octet-stream")
            #expect(answer.header("X-Echo-Method") == "DELETE")
            #expect(answer.header("X-Echo-Query") == "")
        }
    }

    @Test func streamSendsChunksOfDigits() async throws {
        try await withEchoSimulator { server, _ async throws in
            let response = try await client.stream(HTTPRequest(url: server.baseURL + "/stream?chunks=4&size=7&interval_ms=20"))
            #expect(response.status == 200)
            #expect(response.header("Transfer-Encoding") == "chunked")
            var body: [UInt8] = []
            for try await piece in response.body { body += piece }
            #expect(String(decoding: body, as: UTF8.self) == "0123456789012345678901234567")
        }
    }

    @Test func streamDefaultsToFiveChunksOfSixteen() async throws {
        try await withEchoSimulator { server, _ async throws in
            let answer = try await server.get("/stream")
            #expect(answer.body.count == 80)
            #expect(answer.text.hasPrefix("01234567890123456789"))
        }
    }

    @Test func streamRefusesParametersOutOfRange() async throws {
        try await withEchoSimulator { server, _ async throws in
            #expect(try await server.get("/stream?size=0").status == 400)
            #expect(try await server.get("/stream?chunks=many").status == 400)
        }
    }

    @Test(arguments: [429, 502, 201])
    func statusAnswersWithThatStatusAndAJSONBody(code: Int) async throws {
        try await withEchoSimulator { server, _ async throws in
            let answer = try await server.get("/status/\(code)")
            #expect(answer.status == code)
            #expect(answer.header("Content-Type") == "application/json")
            #expect(try answer.json["status"] as? Int == code)
            #expect((try answer.json["description"] as? String)?.isEmpty == false)
        }
    }

    @Test func statusRefusesCodesOutOfRange() async throws {
        try await withEchoSimulator { server, _ async throws in
            #expect(try await server.get("/status/99").status == 400)
            #expect(try await server.get("/status/600").status == 400)
        }
    }

    @Test func hugeIsStoppedByTheClientsBodyLimit() async throws {
        try await withEchoSimulator { server, _ async throws in
            let limited = HTTPClient(proxy: "", maxResponseBodySize: 1024 * 1024)
            let error = await #expect(throws: HTTPClientError.self) {
                try await limited.execute(HTTPRequest(url: server.baseURL + "/huge"))
            }
            #expect(error?.code == .responseTooLarge)
            // The server noticed the hang-up and goes on serving.
            #expect(try await server.get("/status/200").status == 200)
        }
    }

    @Test func stallNeverAnswersSoTheClientsIdleTimeoutFires() async throws {
        try await withEchoSimulator { server, _ async throws in
            let error = await #expect(throws: HTTPClientError.self) {
                try await server.get("/stall", idleTimeout: .milliseconds(300))
            }
            #expect(error?.code == .timedOut)
            _ = try await server.requests.first { $0.path == "/stall" }
        }
    }

    @Test func longPollIsAnsweredByAPostedEvent() async throws {
        try await withEchoSimulator { server, echo async throws in
            async let poll = server.get("/poll?timeout=60")
            // Once the poll has arrived, post: if it is not waiting yet, the event is held
            // for it, so it answers either way (and long before its timeout).
            _ = try await server.requests.first { $0.path == "/poll" }
            try await echo.postEvent(#"{"n":1}"#)
            let answer = try await poll
            #expect(answer.status == 200)
            #expect(answer.text == #"{"ok":true,"result":[{"n":1}]}"#)
        }
    }

    @Test func anEventPostedWithNoPollWaitingIsHeldForTheNext() async throws {
        try await withEchoSimulator { server, echo async throws in
            #expect(try await echo.postEvent(#""a""#) == 0)
            #expect(try await echo.postEvent("[2]") == 0)
            #expect(try await server.get("/poll?timeout=60").text == #"{"ok":true,"result":["a",[2]]}"#)
            #expect(try await server.get("/poll").text == #"{"ok":true,"result":[]}"#)
        }
    }

    @Test func aLongPollWithNoEventAnswersAnEmptyResultAfterItsTimeout() async throws {
        try await withEchoSimulator { server, _ async throws in
            let started = ContinuousClock.now
            let answer = try await server.get("/poll?timeout=1")
            #expect(answer.text == #"{"ok":true,"result":[]}"#)
            #expect(ContinuousClock.now - started >= .milliseconds(900))
        }
    }

    @Test func postEventRefusesInvalidJSON() async throws {
        try await withEchoSimulator { _, echo async throws in
            await #expect(throws: SimulatorError.self) { try await echo.postEvent("{nope") }
        }
    }
}
