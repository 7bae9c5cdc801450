import SwitchboardHTTP
import SwitchboardTestSupport
import Testing

/// `HTTPClient.stream`, which the agents read their answers with.
@Suite("HTTPClient streaming")
struct HTTPStreamingTests {
    let client = loopbackClient()

    @Test func headArrivesBeforeTheBody() async throws {
        let server = try TestHTTPServer(routes: ["/": .stream(status: 201, headers: [(name: "X-Kind", value: "live")], steps: [.stall])])
        defer { server.stop() }

        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/", timeout: .seconds(20)))

        #expect(response.status == 201)
        #expect(response.header("x-kind") == "live")
    }

    @Test func piecesArriveAsTheServerSendsThem() async throws {
        let server = try TestHTTPServer(routes: ["/": .stream(status: 200, steps: [.send("first"), .stall])])
        defer { server.stop() }

        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/", timeout: .seconds(20)))
        var pieces = response.body.makeAsyncIterator()

        #expect(try await pieces.next() == Array("first".utf8))
    }

    @Test func wholeBodyArrivesInOrder() async throws {
        let steps: [StreamStep] = (1...20).map { .send("piece \($0);") }
        let server = try TestHTTPServer(routes: ["/": .stream(status: 200, steps: steps)])
        defer { server.stop() }

        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/"))
        var body: [UInt8] = []
        for try await piece in response.body {
            body += piece
        }

        #expect(String(decoding: body, as: UTF8.self) == (1...20).map { "piece \($0);" }.joined())
    }

    @Test func errorStatusComesWithItsBody() async throws {
        let server = try TestHTTPServer(routes: ["/": .reply(status: 404, body: Array("no such model".utf8))])
        defer { server.stop() }

        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/"))
        var body: [UInt8] = []
        for try await piece in response.body {
            body += piece
        }

        #expect(response.status == 404)
        #expect(body == Array("no such model".utf8))
    }

    @Test func stalledBodyFailsAfterTheIdleTimeout() async throws {
        let server = try TestHTTPServer(routes: ["/": .stream(status: 200, steps: [.send("first"), .stall])])
        defer { server.stop() }
        let clock = ContinuousClock()
        let start = clock.now

        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/", timeout: .seconds(20),
                                                           idleTimeout: .milliseconds(300)))
        let error = await #expect(throws: HTTPClientError.self) {
            for try await _ in response.body {}
        }

        #expect(error?.code == .timedOut)
        #expect(error?.reason.contains("sent nothing for 300 ms") == true)
        #expect(clock.now - start < .seconds(15), "the idle timeout fired, not the 20 s total")
    }

    @Test func bodyThatKeepsFlowingOutlivesTheIdleTimeout() async throws {
        let server = try TestHTTPServer(routes: ["/": .stream(status: 200, steps: [
            .send("a"), .pause(.milliseconds(150)), .send("b"), .pause(.milliseconds(150)), .send("c"),
        ])])
        defer { server.stop() }

        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/", idleTimeout: .milliseconds(250)))
        var body: [UInt8] = []
        for try await piece in response.body {
            body += piece
        }

        #expect(body == Array("abc".utf8))
    }

    @Test func totalTimeoutCoversTheBody() async throws {
        let server = try TestHTTPServer(routes: ["/": .stream(status: 200, steps: [.send("first"), .stall])])
        defer { server.stop() }

        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/", timeout: .milliseconds(300)))
        let error = await #expect(throws: HTTPClientError.self) {
            for try await _ in response.body {}
        }

        #expect(error?.code == .timedOut)
    }

    @Test func cancellingTheReaderHangsUp() async throws {
        let server = try TestHTTPServer(routes: ["/": .stream(status: 200, steps: [.send("first"), .stall])])
        defer { server.stop() }
        let client = client
        let reader = Task {
            let response = try await client.stream(HTTPRequest(url: server.baseURL + "/", timeout: .seconds(20)))
            for try await _ in response.body {}
        }
        _ = await server.firstRequest(to: "/")

        reader.cancel()

        #expect(await finishes(within: .seconds(10)) { await server.connectionClosed(afterRequestTo: "/") })
    }

    @Test func droppingTheBodyHangsUp() async throws {
        let server = try TestHTTPServer(routes: ["/": .stream(status: 200, steps: [.send("first"), .stall])])
        defer { server.stop() }

        do {
            let response = try await client.stream(HTTPRequest(url: server.baseURL + "/", timeout: .seconds(20)))
            var pieces = response.body.makeAsyncIterator()
            _ = try await pieces.next()
        }

        #expect(await finishes(within: .seconds(10)) { await server.connectionClosed(afterRequestTo: "/") })
    }

    @Test func refusedConnectionFailsBeforeTheHead() async throws {
        let port = try RefusingPort()

        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await client.stream(HTTPRequest(url: "http://127.0.0.1:\(port.port)/"))
        }

        #expect(error?.code == .connectionFailed)
    }
}
