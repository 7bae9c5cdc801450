import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import SwitchboardTestSupport
import Testing
@testable import SwitchboardHost

/// The host's network services (`switchboard.http/1`, `switchboard.websocket/1`,
/// `switchboard.ingress/1`) used through the C ABI by real providers, one in C and one
/// in Swift, against the echo simulator and hostile peers on loopback.
@Suite(.timeLimit(.minutes(2))) struct NetworkServicesTests {
    /// A host with channel `main` on the C network provider, pointed at `baseURL` (with
    /// `network` settings when given), and channel `other` on the loopback provider.
    private func cHost(baseURL: String, network: String? = nil, hostSection: String = "") async throws -> PipelineHarness {
        let folder = try TemporaryFolder()
        try CPlugin.build(Paths.packageRoot + "/Tests/Fixtures/network_provider.c", to: folder.file("network.so"), strict: true)
        return try await PipelineHarness("""
        host: {ingress_listen: "127.0.0.1:0"\(hostSection)}
        channels:
          - {id: main, provider: network, \(network.map { "network: \($0), " } ?? "")settings: {base_url: "\(baseURL)"}}
          - {id: other, provider: loopback, access: {rate_limit: {messages: 0}}}
        """, folder: folder)
    }

    private func command(_ harness: PipelineHarness, _ text: String) async throws -> String {
        try await harness.deliver(text)
        return try await harness.nextReply().text
    }

    private func echoSimulator() async throws -> SimulatorServer {
        let simulator = SimulatorServer(platform: EchoSimulator(), configuration: SimulatorConfiguration(port: 0))
        try await simulator.start()
        return simulator
    }

    // MARK: HTTP

    @Test func httpRequestAndAnswerCrossTheABIIntact() async throws {
        let simulator = try await echoSimulator()
        let harness = try await cHost(baseURL: simulator.baseURL)
        #expect(try await command(harness, "post /echo?x=1 hello") == "post status=200 bytes=5 method=POST body=hello")
        let request = try await simulator.requests.first { $0.path == "/echo" }
        #expect(request.header("X-Test-Probe") == "network-provider")
        #expect(request.query == "x=1")
        #expect(try await command(harness, "get /status/503").hasPrefix("get status=503 "))
        await harness.shutdown()
        await simulator.stop()
    }

    @Test func channelProxySettingCarriesItsRequests() async throws {
        let proxy = try TestHTTPServer(routes: ["http://platform.invalid/echo": .reply(status: 200, body: Array("via proxy".utf8))])
        let harness = try await cHost(baseURL: "http://platform.invalid", network: "{proxy: \"\(proxy.baseURL)\"}")
        #expect(try await command(harness, "get /echo") == "get status=200 bytes=9 method= body=via proxy")
        #expect(proxy.received.first?.header("Host") == "platform.invalid")
        await harness.shutdown()
        proxy.stop()
    }

    @Test func streamedBodyArrivesInPieces() async throws {
        let simulator = try await echoSimulator()
        let harness = try await cHost(baseURL: simulator.baseURL)
        let streamed = try await command(harness, "stream /stream?chunks=8&size=1000&interval_ms=5")
        #expect(streamed.hasPrefix("stream status=200 pieces="))
        #expect(streamed.hasSuffix(" bytes=8000"))
        await harness.shutdown()
        await simulator.stop()
    }

    @Test func gigabyteBodyIsCutAtTheLimitAndFailsThatRequestOnly() async throws {
        let server = try TestHTTPServer(routes: ["/huge": .gigabyteBody])
        let harness = try await cHost(baseURL: server.baseURL)
        let limited = try await command(harness, "limit /huge 1000000")
        #expect(limited.hasPrefix("limit error=7 "), "SB_ERR_TOO_LARGE: \(limited)")
        #expect(limited.contains("1000000 bytes"))
        await server.connectionClosed(afterRequestTo: "/huge")
        #expect(try await harness.ask("still here", on: "other") == "still here")
        await harness.shutdown()
        server.stop()
    }

    @Test func cancelledRequestIsAbortedAndNeverCallsBack() async throws {
        let server = try TestHTTPServer(routes: ["/stall": .stall])
        let harness = try await cHost(baseURL: server.baseURL)
        #expect(try await command(harness, "hold /stall") == "held")
        _ = await server.firstRequest(to: "/stall")
        #expect(try await command(harness, "cancel") == "cancelled")
        await server.connectionClosed(afterRequestTo: "/stall")
        #expect(try await command(harness, "report") == "callbacks=0")
        await harness.shutdown()
        server.stop()
    }

    @Test func stalledServerEndsInAnIdleTimeoutOnThatRequestOnly() async throws {
        let server = try TestHTTPServer(routes: ["/stall": .stall])
        let harness = try await cHost(baseURL: server.baseURL)
        let reply = try await command(harness, "idle /stall 200")
        #expect(reply.hasPrefix("idle error=5 "), "SB_ERR_TRANSIENT: \(reply)")
        #expect(reply.contains("sent nothing for 200 ms"))
        #expect(!reply.contains("/stall"), "errors do not name the path")
        #expect(try await harness.ask("fine", on: "other") == "fine")
        await harness.shutdown()
        server.stop()
    }

    // MARK: WebSocket

    @Test func webSocketEchoesTextAndBinaryAndSurvivesPings() async throws {
        let simulator = try await echoSimulator()
        let harness = try await cHost(baseURL: simulator.baseURL)
        // Both sides ping every second; a ping unanswered by the next one ends the connection.
        try await harness.deliver("ws /ws/echo?ping_ms=1000 1000")
        #expect(try await harness.nextReply().text == "ws open")
        #expect(try await harness.nextReply().text == "ws text=hello")
        #expect(try await harness.nextReply().text == "ws binary=00ff10")
        try await Task.sleep(for: .milliseconds(2500))  // pings go both ways meanwhile: the subject of the test
        let afterPings = try await command(harness, "ws-send later")
        #expect(afterPings == "ws text=later")
        #expect(try await command(harness, "ws-close") == "ws closed by provider")
        #expect(try await command(harness, "report") == "callbacks=0", "no on_close after close()")
        await harness.shutdown()
        await simulator.stop()
    }

    @Test func closeCodeOfThePeerReachesTheProvider() async throws {
        let simulator = try await echoSimulator()
        let harness = try await cHost(baseURL: simulator.baseURL)
        try await harness.deliver("ws /ws/close?code=4001 0")
        #expect(try await harness.nextReply().text == "ws open")
        #expect(try await harness.nextReply().text == "ws closed code=4001")
        await harness.shutdown()
        await simulator.stop()
    }

    @Test(arguments: [
        (HostileWebSocketPeer.Behaviour.neverUpgrade, "no connection within"),
        (.silent, "without a close frame"),
        // swift-websocket answers a bad frame with a close of its own and ends the
        // connection without telling why; the provider learns that it ended, not how.
        (.garbage, "without a close frame"),
        (.oversized(2 << 20), "without a close frame"),
    ])
    func hostileWebSocketPeerEndsInAClearErrorOnThatChannelOnly(behaviour: HostileWebSocketPeer.Behaviour, expected: String) async throws {
        let peer = try HostileWebSocketPeer(behaviour)
        let harness = try await cHost(baseURL: "http://127.0.0.1:1")
        try await harness.deliver("ws-url \(peer.url) 50")
        var reply = try await harness.nextReply().text
        if reply == "ws open" { reply = try await harness.nextReply().text }
        #expect(reply.hasPrefix("ws closed code=0 error="), "\(reply)")
        #expect(reply.contains(expected), "\(reply)")
        #expect(try await harness.ask("unharmed", on: "other") == "unharmed")
        await harness.shutdown()
        peer.stop()
    }

    // MARK: Ingress

    @Test func webhookRoundTripKeepsTheRawBodyIntact() async throws {
        let harness = try await cHost(baseURL: "http://127.0.0.1:1")
        let listening = try await command(harness, "listen")
        #expect(listening.hasPrefix("listen ok http://127.0.0.1:"))
        let root = String(listening.dropFirst("listen ok ".count))
        #expect(root.hasSuffix("/hooks/main"))

        let body: [UInt8] = [0xFF, 0x00, 0x80, 0x7B, 0x22, 0x0D, 0x0A, 0xC3]  // not UTF-8, with NUL and CRLF
        let response = try await HTTPClient(proxy: "").execute(HTTPRequest(
            method: "POST", url: root + "/telegram?x=1&y=%20", headers: [("X-Signature", "abc123")], body: body
        ))
        #expect(response.status == 200)
        #expect(response.body == body, "the provider saw, and echoed, the exact bytes")
        #expect(response.header("X-Seen-Length") == "8")
        #expect(response.header("X-Seen-Host") == String(root.dropFirst("http://".count).prefix { $0 != "/" }),
                "the Host field reaches the provider like any other")
        #expect(try await harness.nextReply().text == "hook POST /telegram ?x=1&y=%20 bytes=8 signature=abc123")
        await harness.shutdown()
    }

    @Test func ingressAnswersForChannelsThatCannot() async throws {
        let harness = try await cHost(baseURL: "http://127.0.0.1:1", hostSection: ", ingress_max_body_bytes: 1024")
        let root = String(try await command(harness, "listen").dropFirst("listen ok ".count))
        let base = String(root.dropLast("/hooks/main".count))
        let client = HTTPClient(proxy: "")

        #expect(try await client.execute(HTTPRequest(url: base + "/hooks/nobody/x")).status == 404)
        #expect(try await client.execute(HTTPRequest(url: base + "/other")).status == 404)
        #expect(try await client.execute(HTTPRequest(url: base + "/hooks/other/x")).status == 503, "a channel that does not listen")
        let tooLarge = try await client.execute(HTTPRequest(method: "POST", url: root, body: [UInt8](repeating: 1, count: 2048)))
        #expect(tooLarge.status == 413)

        // An answer may come later than the handler call.
        async let deferred = client.execute(HTTPRequest(method: "POST", url: root + "/defer", body: Array("x".utf8)))
        #expect(try await harness.nextReply().text == "hook POST /defer ? bytes=1 signature=")
        try await harness.deliver("answer")
        let late = try await deferred
        #expect(late.status == 200 && late.body == Array("late".utf8))
        await harness.shutdown()
    }

    // MARK: Open responses (streamed answers)

    /// Listens, opens `/open` and returns the response with its first piece read.
    private func openResponse(_ harness: PipelineHarness) async throws -> (HTTPStreamingResponse, AsyncThrowingStream<[UInt8], any Error>.AsyncIterator) {
        let root = String(try await command(harness, "listen").dropFirst("listen ok ".count))
        let response = try await HTTPClient(proxy: "").stream(HTTPRequest(url: root + "/open", timeout: .seconds(60)))
        var body = response.body.makeAsyncIterator()
        #expect(try await harness.nextReply().text == "hook GET /open ? bytes=0 signature=")
        #expect(try await readText(&body, until: "first\n") == "first\n")
        return (response, body)
    }

    /// Reads pieces until the text read ends with `suffix`, or to the end of the body
    /// without one; returns the text.
    private func readText(_ body: inout AsyncThrowingStream<[UInt8], any Error>.AsyncIterator, until suffix: String? = nil) async throws -> String {
        var text = ""
        while suffix.map({ !text.hasSuffix($0) }) ?? true, let piece = try await body.next() { text += String(decoding: piece, as: UTF8.self) }
        return text
    }

    @Test func openResponseCarriesPiecesUntilTheProviderEndsIt() async throws {
        let harness = try await cHost(baseURL: "http://127.0.0.1:1")
        var (response, body) = try await openResponse(harness)
        #expect(response.status == 200 && response.header("Content-Type") == "text/plain")

        #expect(try await command(harness, "push one") == "push code=0")
        #expect(try await readText(&body, until: "one\n") == "one\n", "a piece goes out while the response stays open")
        #expect(try await command(harness, "push two") == "push code=0")
        #expect(try await command(harness, "end") == "ended")
        #expect(try await readText(&body) == "two\n", "the rest, then the end of the body")
        #expect(try await command(harness, "push three") == "push code=3", "an ended response is unknown")
        await harness.shutdown()
    }

    @Test func clientThatLeftIsReportedOnALaterWrite() async throws {
        let harness = try await cHost(baseURL: "http://127.0.0.1:1")
        _ = try await openResponse(harness)  // dropped at once: the client hangs up
        // The host learns of the hang-up when it next writes; the provider on the write after.
        var outcome = ""
        for _ in 0..<500 where outcome != "push code=8" {  // at most 10 s
            outcome = try await command(harness, "push ping")
            if outcome == "push code=0" { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(outcome == "push code=8")
        await harness.shutdown()
    }

    @Test func writerFarAheadOfItsClientHasTheResponseEnded() async throws {
        let harness = try await cHost(baseURL: "http://127.0.0.1:1")
        var (_, body) = try await openResponse(harness)
        let flood = try await command(harness, "flood")
        #expect(flood.hasPrefix("flood code=7 pieces="), "over 1 MiB waiting is refused, not buffered without end")
        let pieces = Int(flood.split(separator: "=").last ?? "") ?? 0
        #expect(pieces >= 16, "16 pieces of 64 KiB fill the 1 MiB allowance; the client may have taken some meanwhile: \(pieces)")
        var received = 0
        var cutOff = false
        do {
            while let piece = try await body.next() { received += piece.count }
        } catch {
            cutOff = true
        }
        #expect(cutOff, "the body is cut off, not ended as if complete")
        #expect(received < pieces * 65536, "the client never gets all that was written")
        #expect(try await command(harness, "push late") == "push code=3")
        await harness.shutdown()
    }

    @Test func endOfTheRunEndsOpenResponses() async throws {
        let harness = try await cHost(baseURL: "http://127.0.0.1:1")
        var (_, body) = try await openResponse(harness)
        try await harness.host.channels.stop("main")
        #expect(try await body.next() == nil, "the client sees the end of the body")
        await harness.shutdown()
    }

    // MARK: The same services from a Swift provider

    @Test func swiftProviderUsesEveryServiceThroughTheKit() async throws {
        let simulator = try await echoSimulator()
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: Paths.buildFolder + "/libswitchboard-fixture-network-probe.so",
                                         toPath: folder.file("swift-network.so"))
        let yaml = """
        host: {ingress_listen: "127.0.0.1:0"}
        channels: [{id: main, provider: swift-network, settings: {base_url: "\(simulator.baseURL)"}}]
        """
        let harness = try await PipelineHarness(yaml, folder: folder)

        #expect(try await command(harness, "get /echo") == "get status=200 probe=swift body=")
        #expect(try await command(harness, "stream /stream?chunks=4&size=100") == "stream status=200 bytes=400")
        #expect(try await command(harness, "hold /stall") == "held")
        _ = try await simulator.requests.first { $0.path == "/stall" }
        #expect(try await command(harness, "cancel") == "cancelled")

        try await harness.deliver("ws /ws/echo?ping_ms=250 200")
        #expect(try await harness.nextReply().text == "ws open")
        let echoed = try await harness.nextReply().text
        #expect(echoed == "ws text=hello")
        #expect(try await command(harness, "ws-close") == "ws closed by provider")

        let root = String(try await command(harness, "listen").dropFirst("listen ok ".count))
        let body: [UInt8] = [0, 1, 2, 0xFE, 0xFF]
        let response = try await HTTPClient(proxy: "").execute(HTTPRequest(method: "POST", url: root + "/in", body: body))
        #expect(response.body == body)
        #expect(try await harness.nextReply().text == "hook POST /in ? bytes=5")

        #expect(try await command(harness, "timer 10") == "timer fired")
        #expect(try await command(harness, "count") == "count=1")
        #expect(try await command(harness, "report") == "callbacks=0")

        try await harness.restart()
        #expect(try await command(harness, "count") == "count=2", "state survived the restart")
        await harness.shutdown()
        await simulator.stop()
    }
}
