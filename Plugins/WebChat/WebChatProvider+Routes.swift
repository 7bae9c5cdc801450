import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The page's server: every request under the channel's root, answered on the
/// instance's executor. Paths are those of docs/webchat.md.
extension WebChatProvider {
    func handle(_ request: HostWebhookRequest) {
        guard isExpectedHost(request) else {
            return answer(request, with: WebResponses.problem(421, "this page is not served under that host name"))
        }
        guard let method = Self.routes[request.path] else { return answer(request, with: WebResponses.problem(404, "not found")) }
        guard request.method == method else {
            return answer(request, with: WebResponses.problem(405, "method not allowed", extraHeaders: [("Allow", method)]))
        }
        switch request.path {
        case "/": answer(request, with: page(for: request))
        case "/app.js": answer(request, with: WebResponses.asset("text/javascript; charset=utf-8", PageScript.source))
        case "/app.css": answer(request, with: WebResponses.asset("text/css; charset=utf-8", PageStyle.source))
        case "/icon.svg": answer(request, with: WebResponses.asset("image/svg+xml", PageStyle.icon))
        case "/events": openEvents(for: request)
        case "/messages": receiveMessage(request)
        default: logIn(request)
        }
    }

    /// The page's paths and the method each takes.
    private static let routes = ["/": "GET", "/app.js": "GET", "/app.css": "GET", "/icon.svg": "GET",
                                 "/events": "GET", "/messages": "POST", "/login": "POST"]

    private func answer(_ request: HostWebhookRequest, with response: HostHTTPResponse) {
        do {
            try host.respond(to: request.id, with: response)
        } catch {
            host.log(.debug, "a page request was not answered: \(error)")  // timed out or the client left
        }
    }

    // MARK: The page

    private func page(for request: HostWebhookRequest) -> HostHTTPResponse {
        guard gate.admits(request) else { return loginPage(status: 200, error: "") }
        var headers: [(name: String, value: String)] = []
        if gate.sessionSecret(of: request) == nil { headers.append(gate.newSession().header) }
        let document = fill(PageDocument.chat, ["limit": String(settings.max_message_length)])
        return WebResponses.html(200, document, extraHeaders: headers)
    }

    private func loginPage(status: Int, error: String) -> HostHTTPResponse {
        WebResponses.html(status, fill(PageDocument.login, ["error": error]))
    }

    /// A page template with `{{base}}`, `{{title}}` and `values` filled in, HTML-escaped.
    private func fill(_ template: String, _ values: [String: String]) -> String {
        values.merging(["base": basePath, "title": settings.title]) { own, _ in own }.reduce(template) { document, field in
            document.replacing("{{\(field.key)}}", with: WebResponses.escapeHTML(field.value))
        }
    }

    private func logIn(_ request: HostWebhookRequest) {
        guard gate.needsToken else { return answer(request, with: WebResponses.redirect(to: basePath)) }
        guard isSameOrigin(request) else { return answer(request, with: loginPage(status: 403, error: "This form was sent from another site.")) }
        let token = FormFields(request.body)["token"] ?? ""
        guard gate.accepts(token: token), let authCookie = gate.authCookieHeader() else {
            // A wrong token is answered after a second, so guessing is slow.
            let failed = loginPage(status: 401, error: "That access token is not right.")
            do {
                _ = try host.scheduleTimer(after: .seconds(1)) { [unowned self] in answer(request, with: failed) }
            } catch {
                answer(request, with: failed)
            }
            return
        }
        var headers = [authCookie]
        if gate.sessionSecret(of: request) == nil { headers.append(gate.newSession().header) }
        answer(request, with: WebResponses.redirect(to: basePath, extraHeaders: headers))
    }

    // MARK: The event stream

    private func openEvents(for request: HostWebhookRequest) {
        guard let chatID = admittedChat(of: request) else {
            return answer(request, with: WebResponses.problem(401, "no session: reload the page"))
        }
        let transcript = transcript(of: chatID)
        let lastSeen = max(FormFields(request.query)["after"].flatMap { UInt64($0) } ?? 0,
                           request.header("Last-Event-ID").flatMap { UInt64($0) } ?? 0)
        // A page ahead of the transcript saw one that was since reset: it gets all of it.
        let after = lastSeen > transcript.seq ? 0 : lastSeen
        let replay = PageEvents.retry + transcript.entries(after: after).flatMap(PageEvents.message) + PageEvents.synced(transcript.seq)
        do {
            subscribe(try host.respondStreaming(to: request.id, with: WebResponses.eventStream(replay)), to: chatID)
        } catch {
            host.log(.warning, "an event stream could not be opened: \(error)")
        }
    }

    // MARK: Messages from the page

    private struct PostedMessage: Decodable {
        let id: String
        let text: String
    }

    private func receiveMessage(_ request: HostWebhookRequest) {
        guard let chatID = admittedChat(of: request) else {
            return answer(request, with: WebResponses.problem(401, "no session: reload the page"))
        }
        guard isSameOrigin(request) else { return answer(request, with: WebResponses.problem(403, "cross-site request refused")) }
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/json") == true else {
            return answer(request, with: WebResponses.problem(415, "send JSON: {\"id\": ..., \"text\": ...}"))
        }
        guard let posted = try? JSONDecoder().decode(PostedMessage.self, from: Data(request.body)) else {
            return answer(request, with: WebResponses.problem(400, "the body is not {\"id\": string, \"text\": string}"))
        }
        guard (8...64).contains(posted.id.utf8.count),
              posted.id.utf8.allSatisfy({ $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) })
        else { return answer(request, with: WebResponses.problem(400, "the id must be 8 to 64 letters, digits, - or _")) }
        guard !posted.text.allSatisfy(\.isWhitespace) else { return answer(request, with: WebResponses.problem(400, "the message is empty")) }
        guard posted.text.count <= settings.max_message_length else {
            return answer(request, with: WebResponses.problem(413, "the message is longer than \(settings.max_message_length) characters"))
        }

        let transcript = transcript(of: chatID)
        switch transcript.entry(withID: posted.id)?.state {
        case .sent?:
            return answer(request, with: WebResponses.json(202, ["id": posted.id]))  // a repeat of a stored message
        case nil:
            let entry = transcript.append { _ in
                TranscriptEntry(id: posted.id, role: .user, text: posted.text, format: .plain, state: .sending, time: Self.now(), seq: 0)
            }
            publish(entry, to: chatID)
        case .sending?, .failed?, .streaming?, .done?:
            break  // sent again before its first try was answered, or after it failed: deliver again
        }
        let message = IncomingMessage(messageID: "\(chatID):\(posted.id)", chatID: chatID, chatType: .private,
                                      senderID: chatID, senderName: "Web visitor", text: posted.text)
        host.deliver(message) { [unowned self] outcome in
            switch outcome {
            case .stored, .duplicate:
                // Looked up again: the cache may have let the chat go meanwhile.
                if let entry = self.transcript(of: chatID).update(posted.id, { $0.state = .sent }) { publish(entry, to: chatID) }
                answer(request, with: WebResponses.json(202, ["id": posted.id]))
            case let .rejected(_, reason):
                // Still "sending": the page sends the same id again until the host takes it.
                answer(request, with: WebResponses.problem(503, (reason ?? "the message could not be stored") + "; try again",
                                                           extraHeaders: [("Retry-After", "2")]))
            }
        }
    }

    /// Without an access token, a page on loopback answers only to loopback names and its
    /// own: another site whose name an attacker points at 127.0.0.1 (DNS rebinding) must
    /// not reach it from a visitor's browser.
    private func isExpectedHost(_ request: HostWebhookRequest) -> Bool {
        guard !gate.needsToken, let page, let requested = request.header("Host") else { return true }
        let name = PageURL.hostName(of: requested)
        return PageURL.isLoopbackName(name) || name == PageURL.hostName(of: page.authority) || settings.allow_remote_without_token
    }

    /// The chat of a request's session, when the request may use the chat at all.
    private func admittedChat(of request: HostWebhookRequest) -> String? {
        guard gate.admits(request), let secret = gate.sessionSecret(of: request) else { return nil }
        return BrowserGate.chatID(ofSession: secret)
    }

    /// Refuses what another site's page sends through the user's browser: a fetch
    /// marked cross-site, or an Origin that is not the page's.
    private func isSameOrigin(_ request: HostWebhookRequest) -> Bool {
        if let site = request.header("Sec-Fetch-Site"), site != "same-origin", site != "none" { return false }
        guard let origin = request.header("Origin") else { return true }
        guard let authority = PageURL(origin)?.authority else { return false }
        return [request.header("Host"), request.header("X-Forwarded-Host")].contains(authority)
    }
}

/// `name=value&...` fields, percent-decoded, `+` read as a space: a query or a form body.
struct FormFields {
    private let fields: [String: String]

    init(_ body: [UInt8]) {
        self.init(String(decoding: body, as: UTF8.self))
    }

    init(_ encoded: String) {
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
        self.fields = fields
    }

    subscript(name: String) -> String? { fields[name] }

    private static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
