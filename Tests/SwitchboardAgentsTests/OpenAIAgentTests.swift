import SwitchboardAgents
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("OpenAIAgent")
struct OpenAIAgentTests {
    @Test func deltasArriveInOrderAndJoinToTheAnswer() async throws {
        let pieces = ["The", " answer", " is", " 4", "."]
        let server = try TestHTTPServer(routes: [OpenAIWire.path: OpenAIWire.streamedAnswer(pieces)])
        defer { server.stop() }

        let outcome = await outcome(of: openAIAgent(server: server))

        #expect(outcome.error == nil)
        #expect(outcome.events == pieces.map { .text($0) })
        #expect(outcome.text == "The answer is 4.")
    }

    @Test func deltasArriveBeforeTheAnswerEnds() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream,
                                                                           steps: [.send(OpenAIWire.delta(content: "Thinking out loud")), .stall])])
        defer { server.stop() }

        var events = openAIAgent(server: server).respond(to: sampleTurn()).makeAsyncIterator()

        #expect(try await events.next() == .text("Thinking out loud"))
    }

    @Test func reasoningBecomesThinking() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream, steps: [
            .send(OpenAIWire.delta(reasoning: "2 and 2")), .send(OpenAIWire.delta(reasoning: " make 4")),
            .send(OpenAIWire.delta(content: "4")), .send(OpenAIWire.done),
        ])])
        defer { server.stop() }

        let outcome = await outcome(of: openAIAgent(server: server))

        #expect(outcome.events == [.thinking("2 and 2"), .thinking(" make 4"), .text("4")])
    }

    @Test func systemPromptHistoryAndMessageAreSent() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: OpenAIWire.streamedAnswer(["4"])])
        defer { server.stop() }

        _ = await outcome(of: openAIAgent(server: server, systemPrompt: "Be brief."))

        let request = try #require(server.received.first)
        #expect(request.method == "POST")
        #expect(request.header("Authorization") == "Bearer sk-test-key")
        #expect(request.header("Content-Type") == "application/json")
        let body = try jsonObject(request.body)
        #expect(body["model"] as? String == "gpt-test")
        #expect(body["stream"] as? Bool == true)
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages == [
            ["role": "system", "content": "Be brief."],
            ["role": "user", "content": "Hi"],
            ["role": "assistant", "content": "Hello!"],
            ["role": "user", "content": "What is 2 + 2?"],
        ])
    }

    @Test func noKeyNoAuthorization() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: OpenAIWire.streamedAnswer(["4"])])
        defer { server.stop() }

        _ = await outcome(of: openAIAgent(server: server, apiKey: nil))

        #expect(server.received.first?.header("Authorization") == nil)
    }

    @Test func framesSplitAnywhereStillParse() async throws {
        let body = Array((OpenAIWire.delta(content: "Grüße, ") + OpenAIWire.delta(content: "世界 🌍") + ": keep-alive\r\n\r\n"
            + OpenAIWire.delta(content: "!") + OpenAIWire.done).utf8)
        // Cut inside "data:", inside "ü" and "🌍", and between a CR and its LF.
        let cuts = [3, body.firstIndex(of: 0xC3)! + 1, body.firstIndex(of: 0xF0)! + 2, body.firstIndex(of: UInt8(ascii: "\r"))! + 1]
        let pieces = zip([0] + cuts, cuts + [body.count]).map { Array(body[$0..<$1]) }
        // The pauses make the server send the pieces separately.
        let steps = pieces.flatMap { [StreamStep.send($0), .pause(.milliseconds(5))] }
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream, steps: steps)])
        defer { server.stop() }

        let outcome = await outcome(of: openAIAgent(server: server))

        #expect(outcome.error == nil)
        #expect(outcome.events == [.text("Grüße, "), .text("世界 🌍"), .text("!")])
    }

    @Test func streamClosedAfterTheFinishReasonIsComplete() async throws {
        let last = #"data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n"
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream,
                                                                           steps: [.send(OpenAIWire.delta(content: "All ")), .send(OpenAIWire.delta(content: "there")), .send(last)])])
        defer { server.stop() }

        let outcome = await outcome(of: openAIAgent(server: server))

        #expect(outcome.events == [.text("All "), .text("there")])
        #expect(outcome.agentError == nil, "a clean end after finish_reason is a complete answer without [DONE]")
    }

    @Test func streamEndingWithoutDoneIsMalformed() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream,
                                                                           steps: [.send(OpenAIWire.delta(content: "Half an"))])])
        defer { server.stop() }

        let outcome = await outcome(of: openAIAgent(server: server))

        #expect(outcome.events == [.text("Half an")])
        let error = try #require(outcome.agentError)
        #expect(error.userMessage == "The agent is unavailable right now; please try again shortly.")
        #expect(error.detail == "OpenAI-compatible server at 127.0.0.1:\(server.port) sent a malformed answer: the stream ended before [DONE]")
    }

    @Test func frameThatIsNotJSONIsMalformed() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream,
                                                                           steps: [.send("data: <html>oops</html>\n\n")])])
        defer { server.stop() }

        let error = try #require(await outcome(of: openAIAgent(server: server)).agentError)

        #expect(error.userMessage == "The agent is unavailable right now; please try again shortly.")
        #expect(error.detail.hasSuffix(#"expected a chat completion chunk, got "<html>oops</html>""#))
    }

    @Test func errorFrameMidStreamFailsTheTurn() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream, steps: [
            .send(OpenAIWire.delta(content: "Start")), .send(#"data: {"error":{"message":"model overloaded"}}"# + "\n\n"),
        ])])
        defer { server.stop() }

        let outcome = await outcome(of: openAIAgent(server: server))

        #expect(outcome.events == [.text("Start")])
        #expect(outcome.agentError?.detail.contains("reported an error: \"model overloaded\"") == true)
    }

    @Test func rejectedKeyIsReportedWithoutTheKey() async throws {
        let server = try TestHTTPServer(routes: [
            OpenAIWire.path: OpenAIWire.error(status: 401, message: "Incorrect API key provided: sk-test-key. You can find your API key at https://example.invalid."),
        ])
        defer { server.stop() }

        let error = try #require(await outcome(of: openAIAgent(server: server)).agentError)

        #expect(error.userMessage == "The agent's service rejected its credentials; the operator has been told.")
        #expect(error.detail.hasPrefix("OpenAI-compatible server at 127.0.0.1:\(server.port) answered HTTP 401: \"Incorrect API key provided: "))
        #expect(!error.detail.contains("sk-test-key"))
        #expect(!error.userMessage.contains("http"))
    }

    @Test func rateLimitIsReported() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: OpenAIWire.error(status: 429, message: "Rate limit reached")])
        defer { server.stop() }

        let error = try #require(await outcome(of: openAIAgent(server: server)).agentError)

        #expect(error.userMessage == "The agent is getting too many requests right now; please try again in a minute.")
        #expect(error.detail.hasSuffix("answered HTTP 429: \"Rate limit reached\""))
    }

    @Test func serverErrorIsReportedWithItsBody() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .reply(status: 500, body: Array("upstream\nexploded".utf8))])
        defer { server.stop() }

        let error = try #require(await outcome(of: openAIAgent(server: server)).agentError)

        #expect(error.userMessage == "The agent is unavailable right now; please try again shortly.")
        #expect(error.detail == "OpenAI-compatible server at 127.0.0.1:\(server.port) answered HTTP 500: \"upstream exploded\"")
    }

    @Test func unreachableServerIsReported() async throws {
        let port = try RefusingPort()
        let agent = OpenAIAgent(configuration: OpenAIAgent.Configuration(baseURL: "http://127.0.0.1:\(port.port)/v1", model: "m"),
                                client: loopbackClient())

        let error = try #require(await outcome(of: agent).agentError)

        #expect(error.userMessage == "The agent is unavailable right now; please try again shortly.")
        #expect(error.detail.hasPrefix("request to OpenAI-compatible server at 127.0.0.1:\(port.port) could not connect: "))
    }

    @Test func stalledStreamTimesOutPromptly() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream,
                                                                           steps: [.send(OpenAIWire.delta(content: "Hm")), .stall])])
        defer { server.stop() }
        let clock = ContinuousClock()
        let start = clock.now

        let outcome = await outcome(of: openAIAgent(server: server, idleTimeout: .milliseconds(300)))

        #expect(clock.now - start < .seconds(15), "the idle timeout fired, not the total one")
        #expect(outcome.events == [.text("Hm")])
        let error = try #require(outcome.agentError)
        #expect(error.userMessage == "The agent took too long to answer; please try again shortly.")
        #expect(error.detail.contains("timed out: the server sent nothing for 300 ms"))
    }

    @Test func cancellingTheConsumerHangsUp() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .stream(status: 200, headers: OpenAIWire.eventStream,
                                                                           steps: [.send(OpenAIWire.delta(content: "Long")), .stall])])
        defer { server.stop() }
        let agent = openAIAgent(server: server)
        await cancelAfterFirstEvent(of: agent)

        #expect(await finishes(within: .seconds(10)) { await server.connectionClosed(afterRequestTo: OpenAIWire.path) })
    }

    @Test func unstreamedAnswerIsOneEvent() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: .reply(status: 200, body: Array(#"""
            {"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
             "reasoning_content":"Simple sum.","content":"2 + 2 = 4"},"finish_reason":"stop"}]}
            """#.utf8))])
        defer { server.stop() }

        let outcome = await outcome(of: openAIAgent(server: server, stream: false))

        #expect(outcome.error == nil)
        #expect(outcome.events == [.thinking("Simple sum."), .text("2 + 2 = 4")])
        #expect(try jsonObject(#require(server.received.first).body)["stream"] as? Bool == false)
    }

    @Test func unstreamedErrorIsReported() async throws {
        let server = try TestHTTPServer(routes: [OpenAIWire.path: OpenAIWire.error(status: 403, message: "Project not allowed")])
        defer { server.stop() }

        let error = try #require(await outcome(of: openAIAgent(server: server, stream: false)).agentError)

        #expect(error.userMessage == "The agent's service rejected its credentials; the operator has been told.")
        #expect(error.detail.hasSuffix("answered HTTP 403: \"Project not allowed\""))
    }
}
