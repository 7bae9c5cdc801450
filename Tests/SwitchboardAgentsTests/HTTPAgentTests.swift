import SwitchboardAgents
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("HTTPAgent")
struct HTTPAgentTests {
    static let eventStream = [(name: "Content-Type", value: "text/event-stream")]
    static let lines = [(name: "Content-Type", value: "application/x-ndjson; charset=utf-8")]

    @Test func eventStreamBecomesEvents() async throws {
        let server = try TestHTTPServer(routes: ["/agent": .stream(status: 200, headers: Self.eventStream, steps: [
            .send("event: status\ndata: analyzing the issue\n\n"),
            .send("event: thinking\ndata: it is\ndata: simple\n\n"),
            .send("event: text\ndata: The answer\n\n"),
            .send("data:  is 4.\n\n"),
            .send("event: progress-bar\ndata: 50%\n\n"),
            .send("event: done\ndata:\n\n"),
        ])])
        defer { server.stop() }

        let outcome = await outcome(of: agent(for: server))

        #expect(outcome.error == nil)
        #expect(outcome.events == [.status("analyzing the issue"), .thinking("it is\nsimple"), .text("The answer"), .text(" is 4.")])
    }

    @Test func linesBecomeEvents() async throws {
        let server = try TestHTTPServer(routes: ["/agent": .stream(status: 200, headers: Self.lines, steps: [
            .send(#"{"type":"status","text":"reading"}"# + "\n" + #"{"type":"thinking","text":"hmm"}"# + "\n{\"type\":\"te"),
            .send(#"xt","text":"Four ✓"}"# + "\n"),
            .send(#"{"type":"done"}"#),
        ])])
        defer { server.stop() }

        let outcome = await outcome(of: agent(for: server))

        #expect(outcome.error == nil)
        #expect(outcome.events == [.status("reading"), .thinking("hmm"), .text("Four ✓")])
    }

    @Test func turnIsPostedAsJSON() async throws {
        let server = try TestHTTPServer(routes: ["/agent": .stream(status: 200, headers: Self.lines, steps: [.send(#"{"type":"done"}"#)])])
        defer { server.stop() }

        _ = await outcome(of: agent(for: server, headers: [(name: "Authorization", value: "Bearer agent-token")]))

        let request = try #require(server.received.first)
        #expect(request.method == "POST")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Authorization") == "Bearer agent-token")
        let turn = try jsonObject(request.body)
        #expect((turn["message"] as? [String: Any])?["text"] as? String == "What is 2 + 2?")
        #expect((turn["user"] as? [String: Any])?["username"] as? String == "ada")
        #expect((turn["conversation"] as? [String: Any])?["mode"] as? String == "chat")
        #expect((turn["history"] as? [[String: String]])?.count == 2)
    }

    @Test(arguments: [
        ("text/event-stream", "data: partial\n\nevent: error\ndata: repository not found\n\n"),
        ("application/x-ndjson", #"{"type":"text","text":"partial"}"# + "\n" + #"{"type":"error","text":"repository not found"}"# + "\n"),
    ])
    func errorEventFailsTheTurn(contentType: String, body: String) async throws {
        let server = try TestHTTPServer(routes: ["/agent": .stream(status: 200, headers: [(name: "Content-Type", value: contentType)],
                                                                   steps: [.send(body)])])
        defer { server.stop() }

        let outcome = await outcome(of: agent(for: server))

        #expect(outcome.events == [.text("partial")])
        let error = try #require(outcome.agentError)
        #expect(error.userMessage == "The agent could not answer this message; the operator has been told.")
        #expect(error.detail == "agent server at 127.0.0.1:\(server.port) reported an error: \"repository not found\"")
    }

    @Test(arguments: ["text/event-stream", "application/x-ndjson"])
    func answerWithoutDoneIsMalformed(contentType: String) async throws {
        let body = contentType == "text/event-stream" ? "data: partial\n\n" : #"{"type":"text","text":"partial"}"# + "\n"
        let server = try TestHTTPServer(routes: ["/agent": .stream(status: 200, headers: [(name: "Content-Type", value: contentType)],
                                                                   steps: [.send(body)])])
        defer { server.stop() }

        let outcome = await outcome(of: agent(for: server))

        #expect(outcome.events == [.text("partial")])
        #expect(outcome.agentError?.detail.hasSuffix("sent a malformed answer: the answer ended without a done event") == true)
    }

    @Test func lineThatIsNotAnEventIsMalformed() async throws {
        let server = try TestHTTPServer(routes: ["/agent": .stream(status: 200, headers: Self.lines, steps: [.send("oops\n")])])
        defer { server.stop() }

        let error = try #require(await outcome(of: agent(for: server)).agentError)

        #expect(error.userMessage == "The agent is unavailable right now; please try again shortly.")
        #expect(error.detail.hasSuffix(#"got "oops""#))
    }

    @Test func otherContentTypeIsMalformed() async throws {
        let server = try TestHTTPServer(routes: ["/agent": .reply(status: 200, headers: [(name: "Content-Type", value: "text/html")],
                                                                  body: Array("<p>hi</p>".utf8))])
        defer { server.stop() }

        let error = try #require(await outcome(of: agent(for: server)).agentError)

        #expect(error.detail.hasSuffix("expected Content-Type text/event-stream or application/x-ndjson, got text/html"))
    }

    @Test func refusedRequestIsReported() async throws {
        let server = try TestHTTPServer(routes: ["/agent": .reply(status: 400, body: Array(#"{"error":"unknown chat"}"#.utf8))])
        defer { server.stop() }

        let error = try #require(await outcome(of: agent(for: server)).agentError)

        #expect(error.userMessage == "The agent could not answer this message; the operator has been told.")
        #expect(error.detail == "agent server at 127.0.0.1:\(server.port) answered HTTP 400: \"unknown chat\"")
    }

    @Test func headerValuesNeverShowInTheDetail() async throws {
        let server = try TestHTTPServer(routes: ["/agent": .reply(status: 401, body: Array("bad token Bearer tok-secret-123".utf8))])
        defer { server.stop() }

        let agent = agent(for: server, headers: [(name: "Authorization", value: "Bearer tok-secret-123")])
        let error = try #require(await outcome(of: agent).agentError)

        #expect(!error.detail.contains("tok-secret-123"))
        #expect(error.detail.contains("[redacted]"))
    }

    private func agent(for server: TestHTTPServer, headers: [(name: String, value: String)] = []) -> HTTPAgent {
        HTTPAgent(configuration: HTTPAgent.Configuration(url: server.baseURL + "/agent", headers: headers,
                                                         timeout: .seconds(20), idleTimeout: .seconds(20)),
                  client: loopbackClient())
    }
}
