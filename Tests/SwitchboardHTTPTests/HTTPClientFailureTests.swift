import SwitchboardTestSupport
import SwitchboardHTTP
import Testing

@Suite("HTTPClient failures")
struct HTTPClientFailureTests {
    let client = loopbackClient()

    @Test func stalledServerTimesOutWithoutNamingThePathOrQuery() async throws {
        let server = try TestHTTPServer(routes: ["/stall": .stall])
        defer { server.stop() }

        let error = await failure(of: HTTPRequest(url: server.baseURL + "/stall?token=SECRET", timeout: .milliseconds(200)))

        #expect(error?.code == .timedOut)
        #expect(error?.server == "127.0.0.1:\(server.port)")
        let description = try #require(error?.description)
        #expect(description.contains("127.0.0.1:\(server.port)"))
        #expect(!description.contains("SECRET"))
        #expect(!description.contains("/stall"))
    }

    @Test func bodyThatStopsFlowingTimesOut() async throws {
        let server = try TestHTTPServer(routes: ["/slow": .slowBody(status: 200, firstChunk: Array("part".utf8))])
        defer { server.stop() }

        let error = await failure(of: HTTPRequest(url: server.baseURL + "/slow", timeout: .milliseconds(200)))

        #expect(error?.code == .timedOut)
    }

    @Test func refusedConnectionFails() async throws {
        let port = try RefusingPort()

        let error = await failure(of: HTTPRequest(url: "http://127.0.0.1:\(port.port)/"))

        #expect(error?.code == .connectionFailed)
    }

    @Test func cancellingTheTaskAbortsAStalledRequestPromptly() async throws {
        let server = try TestHTTPServer(routes: ["/stall": .stall])
        defer { server.stop() }
        let task = Task { await failure(of: HTTPRequest(url: server.baseURL + "/stall", timeout: .seconds(20))) }
        _ = await server.firstRequest(to: "/stall")

        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let error = await task.value

        #expect(clock.now - start < .seconds(15), "cancelled, not ended by the 20 s timeout")
        #expect(error?.code == .cancelled)
    }

    @Test func requestOfAnAlreadyCancelledTaskIsNotSent() async throws {
        let server = try TestHTTPServer(routes: ["/": .reply(status: 200)])
        defer { server.stop() }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await failure(of: HTTPRequest(url: server.baseURL + "/"))
        }

        #expect(await task.value?.code == .cancelled)
        #expect(server.received.isEmpty)
    }

    @Test func bodyOverTheLimitIsRefusedWhenAnnounced() async throws {
        let server = try TestHTTPServer(routes: ["/big": .reply(status: 200, body: Array(repeating: 7, count: 1001))])
        defer { server.stop() }

        let error = await failure(of: HTTPRequest(url: server.baseURL + "/big"), client: loopbackClient(maxResponseBodySize: 1000))

        #expect(error?.code == .responseTooLarge)
        #expect(error?.description.contains("1000 bytes") == true)
    }

    @Test func bodyOverTheLimitIsRefusedWhileStreaming() async throws {
        let server = try TestHTTPServer(routes: ["/big": .slowBody(status: 200, firstChunk: Array(repeating: 7, count: 1001))])
        defer { server.stop() }

        let error = await failure(of: HTTPRequest(url: server.baseURL + "/big", timeout: .seconds(20)),
                                  client: loopbackClient(maxResponseBodySize: 1000))

        #expect(error?.code == .responseTooLarge)
    }

    @Test func endlessBodyIsRefusedOnceItPassesTheLimit() async throws {
        let server = try TestHTTPServer(routes: ["/endless": .gigabyteBody])
        defer { server.stop() }

        let error = await failure(of: HTTPRequest(url: server.baseURL + "/endless"),
                                  client: loopbackClient(maxResponseBodySize: 100_000))

        #expect(error?.code == .responseTooLarge)
        await server.connectionClosed(afterRequestTo: "/endless")
    }

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "not a URL", "http://"])
    func urlThatIsNotHTTPIsRefused(url: String) async {
        let error = await failure(of: HTTPRequest(url: url))

        #expect(error?.code == .invalidURL)
    }

    @Test func headerValueWithALineBreakIsRefused() async {
        let request = HTTPRequest(url: "http://127.0.0.1:1/", headers: [(name: "X-A", value: "a\r\nX-Injected: b")])

        let error = await failure(of: request)

        #expect(error?.code == .invalidRequest)
    }

    /// The error `request` fails with, or nil (and an issue) when it succeeds.
    private func failure(of request: HTTPRequest, client: HTTPClient? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) async -> HTTPClientError? {
        do {
            let response = try await (client ?? self.client).execute(request)
            Issue.record("expected a failure, got status \(response.status)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }
}
