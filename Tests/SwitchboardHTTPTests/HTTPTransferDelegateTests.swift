import SwitchboardHTTP
import SwitchboardTestSupport
import Testing

/// `HTTPClient.start(_:delegate:)`: the response in callbacks on the event loop's thread.
@Suite("HTTPClient delegate API", .timeLimit(.minutes(2)))
struct HTTPTransferDelegateTests {
    let client = loopbackClient()

    @Test func headThenBodyThenFinishArriveInOrder() async throws {
        let server = try TestHTTPServer(routes: [
            "/": .stream(status: 201, headers: [(name: "X-Kind", value: "live")], steps: [.send("one"), .send("two")]),
        ])
        defer { server.stop() }
        let delegate = RecordingDelegate()

        _ = client.start(HTTPRequest(url: server.baseURL + "/"), delegate: delegate)
        let outcome = await delegate.finished()

        #expect(throws: Never.self) { try outcome.get() }
        let events = delegate.events
        guard case .head(let status, let headers) = events.first else {
            Issue.record("the first call is not the head: \(events)")
            return
        }
        #expect(status == 201)
        #expect(headers.contains { $0.name == "X-Kind" && $0.value == "live" })
        #expect(events.dropFirst().dropLast().allSatisfy { if case .body = $0 { true } else { false } })
        #expect(delegate.body == Array("onetwo".utf8))
        guard case .finish = events.last else {
            Issue.record("the last call is not the finish: \(events)")
            return
        }
        #expect(events.filter { if case .finish = $0 { true } else { false } }.count == 1)
    }

    @Test func cancelStopsTheCallbacksAndHangsUp() async throws {
        let server = try TestHTTPServer(routes: ["/": .burstThenStall])
        defer { server.stop() }
        let delegate = RecordingDelegate()
        let transfer = client.start(HTTPRequest(url: server.baseURL + "/", timeout: .seconds(90)), delegate: delegate)
        await delegate.receivedBody()

        transfer.cancel()
        let eventsWhenCancelled = delegate.events.count
        await server.connectionClosed(afterRequestTo: "/")
        transfer.cancel()

        #expect(delegate.events.count == eventsWhenCancelled, "no calls once cancel() has returned")
        #expect(delegate.outcome == nil)
    }

    @Test func cancelFromInsideACallbackStopsAtOnce() async throws {
        let server = try TestHTTPServer(routes: ["/": .gigabyteBody])
        defer { server.stop() }
        let delegate = RecordingDelegate(cancelsInHeadCallback: true)

        let transfer = client.start(HTTPRequest(url: server.baseURL + "/"), delegate: delegate)
        delegate.cancelInHeadCallback(transfer)
        await server.connectionClosed(afterRequestTo: "/")

        #expect(delegate.events.count == 1, "the head, and no call after the cancelling one")
        #expect(delegate.outcome == nil)
    }

    @Test(arguments: ["not a URL", "ftp://127.0.0.1/file", "http://"])
    func invalidURLFinishesWithInvalidURL(url: String) async {
        let delegate = RecordingDelegate()

        _ = client.start(HTTPRequest(url: url), delegate: delegate)
        let outcome = await delegate.finished()

        #expect(outcome.failureCode == .invalidURL)
        #expect(delegate.events.count == 1)
    }

    @Test func headerWithALineBreakFinishesWithInvalidRequest() async {
        let delegate = RecordingDelegate()
        let request = HTTPRequest(url: "http://127.0.0.1:1/", headers: [(name: "X-A", value: "a\r\nX-Injected: b")])

        _ = client.start(request, delegate: delegate)

        #expect(await delegate.finished().failureCode == .invalidRequest)
    }

    @Test func idleTimeoutFailsOnlyTheStalledTransfer() async throws {
        let flowingSteps = (0..<30).flatMap { _ -> [StreamStep] in [.send("b"), .pause(.milliseconds(100))] }
        let server = try TestHTTPServer(routes: [
            "/stalled": .stream(status: 200, steps: [.send("a"), .stall]),
            "/flowing": .stream(status: 200, steps: flowingSteps),
        ])
        defer { server.stop() }
        let stalled = RecordingDelegate()
        let flowing = RecordingDelegate()

        _ = client.start(HTTPRequest(url: server.baseURL + "/flowing", idleTimeout: .seconds(1)), delegate: flowing)
        _ = client.start(HTTPRequest(url: server.baseURL + "/stalled", idleTimeout: .seconds(1)), delegate: stalled)
        let stalledOutcome = await stalled.finished()
        let flowingOutcome = await flowing.finished()

        #expect(stalledOutcome.failureCode == .timedOut)
        #expect(stalledOutcome.failureReason?.contains("sent nothing for 1000 ms") == true)
        #expect(throws: Never.self) { try flowingOutcome.get() }
        #expect(flowing.body == Array(String(repeating: "b", count: 30).utf8))
        let stalledEnd = try #require(stalled.times.last)
        #expect(flowing.times.contains { $0 > stalledEnd }, "the flowing transfer went on receiving after the other failed")
    }

    @Test func endlessBodyFailsAsTooLargeOnceItPassesTheLimit() async throws {
        let server = try TestHTTPServer(routes: ["/": .gigabyteBody])
        defer { server.stop() }
        let delegate = RecordingDelegate()

        _ = loopbackClient(maxResponseBodySize: 100_000).start(HTTPRequest(url: server.baseURL + "/"), delegate: delegate)
        let outcome = await delegate.finished()
        await server.connectionClosed(afterRequestTo: "/")

        #expect(outcome.failureCode == .responseTooLarge)
        #expect(delegate.body.count <= 100_000)
    }
}

extension Result<Void, HTTPClientError> {
    /// The failure's code; nil for success.
    var failureCode: HTTPClientError.Code? {
        if case .failure(let error) = self { error.code } else { nil }
    }

    /// The failure's reason; nil for success.
    var failureReason: String? {
        if case .failure(let error) = self { error.reason } else { nil }
    }
}
