import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// Faults injected ahead of the platform: answers, slow answers, dropped and stalled
/// connections.
@Suite(.timeLimit(.minutes(2))) struct FaultTests {
    @Test func respondAnswersWithStatusHeadersAndBodyThenStops() async throws {
        try await withEchoSimulator { server, _ async throws in
            server.faults.add(.respond(.exact("/echo"), status: 429, headers: ["Retry-After": "3"], body: #"{"ok":false}"#))
            let limited = try await server.send("POST", "/echo", body: Array("hi".utf8))
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "3")
            #expect(limited.text == #"{"ok":false}"#)
            let next = try await server.send("POST", "/echo", body: Array("hi".utf8))
            #expect(next.status == 200)
            #expect(next.text == "hi")
            #expect(await server.requests.all.count == 2, "faulted requests are logged too")
        }
    }

    @Test func countAndPrefixSelectWhichRequestsFail() async throws {
        try await withEchoSimulator { server, _ async throws in
            server.faults.add(.respond(.prefix("/status/"), status: 502, count: 2))
            #expect(try await server.get("/status/200").status == 502)
            #expect(try await server.get("/echo").status == 200)
            #expect(try await server.get("/status/201").status == 502)
            #expect(try await server.get("/status/201").status == 201)
            #expect(server.faults.planned.isEmpty)
        }
    }

    @Test func aFaultUntilClearedLastsUntilCleared() async throws {
        try await withEchoSimulator { server, _ async throws in
            server.faults.add(.respond(.exact("/echo"), status: 503, count: nil))
            for _ in 1...3 { #expect(try await server.get("/echo").status == 503) }
            server.faults.clear()
            #expect(try await server.get("/echo").status == 200)
        }
    }

    /// A slow answer is observed by order: the delayed request, sent first, is answered last.
    @Test func delayAnswersLate() async throws {
        try await withEchoSimulator { server, _ async throws in
            server.faults.add(.delay(.exact("/echo"), by: .seconds(1)))
            let order = Collected<String>()
            async let slow: Void = {
                let answer = try await server.get("/echo?slow")
                order.append("slow \(answer.status)")
            }()
            _ = try await server.requests.first { $0.query == "slow" }
            let fast = try await server.get("/echo?fast")
            order.append("fast \(fast.status)")
            try await slow
            #expect(order.all == ["fast 200", "slow 200"])
        }
    }

    @Test func dropClosesTheConnectionWithoutAnAnswer() async throws {
        try await withEchoSimulator { server, _ async throws in
            server.faults.add(.drop(.exact("/echo")))
            let error = await #expect(throws: HTTPClientError.self) {
                try await server.send("POST", "/echo", body: Array("lost".utf8))
            }
            #expect(error?.code == .other, "a broken connection, not a status: \(String(describing: error))")
            #expect(try await server.get("/echo").status == 200)
        }
    }

    @Test func stallHoldsTheRequestUntilTheClientGivesUp() async throws {
        try await withEchoSimulator { server, _ async throws in
            server.faults.add(.stall(.exact("/echo")))
            let error = await #expect(throws: HTTPClientError.self) {
                try await server.get("/echo", idleTimeout: .milliseconds(300))
            }
            #expect(error?.code == .timedOut)
            #expect(try await server.get("/echo").status == 200)
        }
    }

    @Test func aResponseFaultWithADelaySendsNothingBeforeTheDelay() async throws {
        try await withEchoSimulator { server, _ async throws in
            let late = Fault(path: .exact("/echo"), action: .respond(status: 500, headers: [:], body: []), delay: .seconds(2))
            server.faults.add(late)
            let error = await #expect(throws: HTTPClientError.self) {
                try await server.get("/echo", idleTimeout: .milliseconds(300))
            }
            #expect(error?.code == .timedOut, "nothing comes before the delay")
        }
    }
}
