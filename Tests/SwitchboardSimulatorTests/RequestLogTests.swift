import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// The request log: what tests read and wait on.
@Suite(.timeLimit(.minutes(2))) struct RequestLogTests {
    @Test func aWaitStartedBeforeTheRequestReturnsItWhenItArrives() async throws {
        try await withEchoSimulator { server, _ async throws in
            async let awaited = server.requests.first { $0.path == "/echo" && $0.method == "POST" }
            _ = try await server.get("/status/200")
            _ = try await server.send("POST", "/echo?x=1", headers: [("X-Test-Id", "7")], body: [0xFF, 0x00, 0x41])
            let request = try await awaited
            #expect(request.query == "x=1")
            #expect(request.queryValue("x") == "1")
            #expect(request.header("x-test-id") == "7")
            #expect(request.body == [0xFF, 0x00, 0x41])
            #expect(request.text == nil)
        }
    }

    @Test func aWaitReturnsRequestsThatArrivedBeforeIt() async throws {
        try await withEchoSimulator { server, _ async throws in
            for index in 1...3 { _ = try await server.get("/echo?n=\(index)") }
            let two = try await server.requests.wait(for: 2) { $0.path == "/echo" }
            #expect(two.map(\.query) == ["n=1", "n=2"])
            #expect(await server.requests.all.map(\.query) == ["n=1", "n=2", "n=3"])
        }
    }

    @Test func controlRequestsAreNotLogged() async throws {
        try await withEchoSimulator { server, _ async throws in
            _ = try await server.get("/_sim/requests")
            _ = try await server.get("/echo")
            #expect(await server.requests.all.map(\.path) == ["/echo"])
        }
    }

    @Test func cancellingAWaitThrowsCancellationError() async throws {
        try await withEchoSimulator { server, _ async throws in
            let waiting = Task { try await server.requests.first { $0.path == "/never" } }
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
        }
    }

    @Test func resetEmptiesTheLogAndWaitsGoOnForNewRequests() async throws {
        try await withEchoSimulator { server, _ async throws in
            _ = try await server.get("/echo?old")
            async let secondEcho = server.requests.wait(for: 2) { $0.path == "/echo" }
            await server.reset()
            #expect(await server.requests.all.isEmpty)
            _ = try await server.get("/echo?new1")
            _ = try await server.get("/echo?new2")
            #expect(try await secondEcho.map(\.query) == ["new1", "new2"])
        }
    }

    @Test func aSubscriberGetsEachLaterRequestOnceInOrderWithItsTime() async throws {
        try await withEchoSimulator { server, _ async throws in
            _ = try await server.get("/echo?before")
            var updates = await server.requests.subscribe().makeAsyncIterator()
            let subscribed = ContinuousClock.now
            _ = try await server.get("/echo?n=1")
            _ = try await server.get("/echo?n=2")
            let first = try #require(await updates.next()), second = try #require(await updates.next())
            #expect([first, second].map(\.element.query) == ["n=1", "n=2"], "only requests after subscribing, in order")
            #expect(subscribed <= first.time && first.time <= second.time && second.time <= .now)
        }
    }

    @Test func aSubscriberThatStopsIsForgotten() async throws {
        try await withEchoSimulator { server, _ async throws in
            let updates = await server.requests.subscribe()
            let following = Task {
                for await timed in updates where timed.element.query == "stop" { return true }
                return false
            }
            _ = try await server.get("/echo?stop")
            #expect(await following.value)
            _ = try await server.get("/echo?after")  // nobody listens: must not block or crash the log
            #expect(await server.requests.all.map(\.query) == ["stop", "after"])
        }
    }
}
