import Foundation
import SwitchboardAgents
@testable import SwitchboardHost
import SwitchboardHTTP

/// A host serving the bundled WebChat plugin (the real `.so`) on a loopback port, with
/// the echo agent writing word by word, on a fresh data folder.
final class WebChatHarness {
    let folder: TemporaryFolder
    private let channelYAML: String
    private let hostYAML: String
    private(set) var host: Switchboard
    /// The chat page, ending in "/".
    private(set) var pageURL: String
    let client = HTTPClient(proxy: "")

    /// - Parameters:
    ///   - settings: the channel's `settings` in YAML flow style.
    ///   - hostSection: more members of `host:`, e.g. `, ingress_public_url: ...`.
    init(settings: String = "{}", hostSection: String = "", waitForConnection: Bool = true) async throws {
        folder = try TemporaryFolder()
        hostYAML = hostSection
        channelYAML = """
        agents: [{name: echo, type: echo, options: {word_interval_ms: 30}}]
        channels:
          - id: web
            provider: webchat
            agent: echo
            access: {rate_limit: {messages: 0}}
            streaming: {update_interval_ms: 50, min_new_characters: 1}
            settings: \(settings)
        """
        host = try makeHost(Self.yaml(port: 0, hostSection: hostSection, channels: channelYAML), in: folder)
        pageURL = ""
        try await host.start()
        if waitForConnection { try await connected() }
    }

    private static func yaml(port: Int, hostSection: String, channels: String) -> String {
        "plugin_dirs: []\nhost: {ingress_listen: \"127.0.0.1:\(port)\"\(hostSection)}\n" + channels
    }

    /// Waits for the channel to connect and notes its page's URL; fails at once when the
    /// channel fails.
    private func connected() async throws {
        try await host.channels.waitUntilConnected("web")
        pageURL = host.ingressURL(ofChannel: "web") + "/"
    }

    /// The channel's status once it has left `connecting`.
    func settledStatus() async throws -> ChannelStatus {
        try await host.channels.settledStatus(of: "web") { $0.state != .connecting }
    }

    /// Stops the host and starts a new one on the same data folder and port.
    func restart() async throws {
        await host.shutdown()
        let port = Int(pageURL.split(separator: ":").last?.prefix { $0.isNumber } ?? "") ?? 0
        host = try makeHost(Self.yaml(port: port, hostSection: hostYAML, channels: channelYAML), in: folder)
        try await host.start()
        try await connected()
    }

    func shutdown() async {
        await host.shutdown()
    }

    // MARK: Speaking the page's protocol

    /// Opens the page as a new browser would; returns the session cookie it was given.
    func newSession() async throws -> String {
        let page = try await client.execute(HTTPRequest(url: pageURL))
        guard page.status == 200, let setCookie = page.header("Set-Cookie"),
              let pair = setCookie.split(separator: ";").first, pair.hasPrefix("sbwc_session=")
        else { throw TestFailure("the page gave no session cookie: \(page.status)") }
        return String(pair)
    }

    /// POSTs a message as the page does.
    func post(_ text: String, id: String = "m" + UUID().uuidString.replacingOccurrences(of: "-", with: ""),
              cookie: String, headers: [(name: String, value: String)] = [("Content-Type", "application/json")]) async throws -> HTTPResponse {
        let body = try JSONSerialization.data(withJSONObject: ["id": id, "text": text])
        return try await client.execute(HTTPRequest(method: "POST", url: pageURL + "messages",
                                                    headers: headers + [("Cookie", cookie)], body: Array(body)))
    }

    /// Opens the page's event stream.
    func events(cookie: String, after: UInt64? = nil, lastEventID: UInt64? = nil) async throws -> PageEventReader {
        var headers = [("Cookie", cookie)]
        if let lastEventID { headers.append(("Last-Event-ID", "\(lastEventID)")) }
        let response = try await client.stream(HTTPRequest(url: pageURL + "events" + (after.map { "?after=\($0)" } ?? ""),
                                                           headers: headers, timeout: .seconds(120)))
        guard response.status == 200 else { throw TestFailure("events answered \(response.status)") }
        return PageEventReader(response)
    }
}

/// One server-sent event of the page's stream.
struct PageEvent {
    var name: String
    var id: UInt64?
    var data: [String: Any]

    var messageID: String? { data["id"] as? String }
    var role: String? { data["role"] as? String }
    var state: String? { data["state"] as? String }
    var text: String? { data["text"] as? String }
    var seq: UInt64? { (data["seq"] as? NSNumber)?.uint64Value }
}

/// Reads the events of an open event stream, one at a time, with the agents' SSE parser.
final class PageEventReader {
    let response: HTTPStreamingResponse
    private var body: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
    private var parser = SSEParser()
    private var parsed: [SSEEvent] = []

    init(_ response: HTTPStreamingResponse) {
        self.response = response
        body = response.body.makeAsyncIterator()
    }

    /// The next event; comments and the retry field are skipped.
    func next() async throws -> PageEvent {
        while parsed.isEmpty {
            guard let piece = try await body.next() else { throw TestFailure("the event stream ended") }
            parsed = parser.parse(piece)
        }
        let event = parsed.removeFirst()
        // Only message events carry an id; the parser repeats the last one for the others.
        return PageEvent(name: event.type, id: event.type == "message" ? UInt64(event.lastEventID) : nil,
                         data: (try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any]) ?? [:])
    }

    /// Events up to and including the first that matches `predicate`.
    func events(through predicate: (PageEvent) -> Bool) async throws -> [PageEvent] {
        var seen: [PageEvent] = []
        while true {
            let event = try await next()
            seen.append(event)
            if predicate(event) { return seen }
        }
    }
}
