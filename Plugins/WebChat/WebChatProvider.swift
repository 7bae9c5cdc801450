import CSwitchboardABI
import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One WebChat channel: serves the page, takes messages from browsers, and shows the
/// agent's replies to every open tab of the session they belong to.
///
/// Each browser session is a private chat whose id is derived from its cookie. Its
/// transcript lives in the channel's state, so a reload, a lost connection or a host
/// restart finds the conversation as it was: the page resumes the event stream after
/// the last change it saw.
final class WebChatProvider: StreamingProvider, TypingProvider {
    let host: ProviderHost
    let settings: WebChatSettings
    /// The page's public URL and the gate built for it, once started.
    private(set) var page: PageURL?
    private(set) var gate: BrowserGate

    /// The page's path, ending in "/".
    var basePath: String { (page?.path ?? "") + "/" }
    private var transcripts: [String: Transcript] = [:]
    /// Open event streams of each chat.
    private var subscribers: [String: [HostResponseStream]] = [:]

    /// Event streams one session may hold open; the oldest ends when another opens.
    static let streamsPerSession = 8
    /// Transcripts kept in memory for chats with no open page, beyond which they are let go.
    static let idleTranscriptsKept = 256

    init(host: ProviderHost, settings: WebChatSettings) throws(ProviderError) {
        self.host = host
        self.settings = settings
        gate = BrowserGate(accessToken: settings.access_token, cookiePath: "/", secureCookies: false)
    }

    func start() throws(ProviderError) {
        guard let configured = host.webhookURL.flatMap(PageURL.init) else {
            throw .unsupported("the host serves no webhook ingress, where the chat page lives")
        }
        if !configured.isLoopback, !gate.needsToken, !settings.allow_remote_without_token {
            throw .invalidArgument(
                "the page would be reachable beyond loopback (\(configured.authority)) without a password: set settings.access_token, "
                    + "or settings.allow_remote_without_token: true to let anyone who reaches it chat")
        }
        page = configured
        // The cookies' path has no trailing slash, so they also reach the page's URL without one.
        gate = BrowserGate(accessToken: settings.access_token, cookiePath: configured.path, secureCookies: configured.isSecure)
        do {
            try host.listenForWebhooks { [unowned self] request in self.handle(request) }
            _ = try host.scheduleTimer(after: .seconds(15), every: .seconds(15)) { [unowned self] in self.sendKeepAlives() }
        } catch {
            // Only a host without ingress is final; a taken address may be free on the next try.
            throw ProviderError(code: error.code == SB_ERR_UNSUPPORTED ? SB_ERR_UNSUPPORTED : SB_ERR_TRANSIENT,
                                message: "the chat page cannot be served: \(error.message)")
        }
        let url = host.webhookURL ?? ""  // with the real port, now that the server listens
        page = PageURL(url) ?? configured
        host.setStatus(.connected)
        host.log(.notice, "chat page ready at \(url)/")
    }

    func stop() {
        // The host has ended every open stream with the run.
        subscribers.removeAll()
        transcripts.removeAll()
    }

    // MARK: Replies from the host

    func send(_ message: OutgoingMessage, completion: SendCompletion) {
        let entry = transcript(of: message.chatID).append { ordinal in
            botEntry(chatID: message.chatID, ordinal: ordinal, text: message.text, isMarkdown: message.isMarkdown, state: .done)
        }
        publish(entry, to: message.chatID)
        completion.succeed(messageID: entry.id)
    }

    func beginStream(for target: OutgoingMessage, completion: SendCompletion) {
        let entry = transcript(of: target.chatID).append { ordinal in
            botEntry(chatID: target.chatID, ordinal: ordinal, text: "", isMarkdown: target.isMarkdown, state: .streaming)
        }
        publish(entry, to: target.chatID)
        completion.succeed(messageID: entry.id)
    }

    func updateStream(_ streamID: String, with update: StreamUpdate, completion: SendCompletion) {
        changeBotMessage(streamID, completion: completion) { entry in
            entry.text = update.fullText
            entry.format = update.isMarkdown ? .markdown : .plain
        }
    }

    func finishStream(_ streamID: String, with update: StreamUpdate, failed: Bool, completion: SendCompletion) {
        changeBotMessage(streamID, completion: completion) { entry in
            entry.text = update.fullText
            entry.format = update.isMarkdown ? .markdown : .plain
            entry.state = failed ? .failed : .done
        }
    }

    func showTyping(inChat chatID: String, threadID: String?, completion: SendCompletion) {
        broadcast(PageEvents.typing, to: chatID)
        completion.succeed(messageID: nil)
    }

    private func changeBotMessage(_ id: String, completion: SendCompletion, _ change: (inout TranscriptEntry) -> Void) {
        guard let slash = id.lastIndex(of: "/") else {
            return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "\(id) is not a WebChat message id"))
        }
        let chatID = String(id[..<slash])
        guard let entry = transcript(of: chatID).update(id, change) else {
            return completion.fail(ProviderError(code: SB_ERR_NOT_FOUND, message: "no message \(id) in this chat"))
        }
        publish(entry, to: chatID)
        completion.succeed(messageID: id)
    }

    private func botEntry(chatID: String, ordinal: UInt64, text: String, isMarkdown: Bool, state: TranscriptEntry.State) -> TranscriptEntry {
        TranscriptEntry(id: "\(chatID)/\(ordinal)", role: .bot, text: text, format: isMarkdown ? .markdown : .plain,
                        state: state, time: Self.now(), seq: 0)
    }

    // MARK: Transcripts and event streams

    /// The transcript of a chat, loaded from the channel's state on first use.
    func transcript(of chatID: String) -> Transcript {
        if let loaded = transcripts[chatID] { return loaded }
        if transcripts.count >= Self.idleTranscriptsKept {
            transcripts = transcripts.filter { subscribers[$0.key] != nil }
        }
        let loaded = Transcript(chatID: chatID, store: TranscriptStore(host: host), limit: settings.history_limit)
        transcripts[chatID] = loaded
        return loaded
    }

    /// Shows a changed message on every open page of its chat.
    func publish(_ entry: TranscriptEntry, to chatID: String) {
        broadcast(PageEvents.message(entry), to: chatID)
    }

    /// Keeps an event stream for the chat's later events.
    func subscribe(_ stream: HostResponseStream, to chatID: String) {
        var streams = subscribers[chatID] ?? []
        if streams.count >= Self.streamsPerSession { streams.removeFirst().finish() }
        streams.append(stream)
        subscribers[chatID] = streams
    }

    private func broadcast(_ event: [UInt8], to chatID: String) {
        guard let streams = subscribers[chatID] else { return }
        let open = streams.filter { stream in
            do { try stream.write(event); return true } catch { return false }
        }
        subscribers[chatID] = open.isEmpty ? nil : open
    }

    /// Finds departed pages and keeps proxies from closing quiet streams.
    private func sendKeepAlives() {
        for chatID in Array(subscribers.keys) { broadcast(PageEvents.keepAlive, to: chatID) }
    }

    static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}

/// The parts of the page's public URL that matter here.
struct PageURL {
    let isSecure: Bool
    /// host[:port]
    let authority: String
    /// Without a trailing "/", e.g. "/hooks/webchat".
    let path: String

    init?(_ url: String) {
        let schemeEnd = url.firstRange(of: "://")
        guard let schemeEnd else { return nil }
        isSecure = url[..<schemeEnd.lowerBound].lowercased() == "https"
        let rest = url[schemeEnd.upperBound...]
        authority = String(rest.prefix { $0 != "/" })
        let path = rest.dropFirst(authority.count)
        self.path = path.hasSuffix("/") ? String(path.dropLast()) : String(path)
    }

    /// Whether only this machine can reach the page.
    var isLoopback: Bool {
        Self.isLoopbackName(Self.hostName(of: authority))
    }

    /// The host name of an authority (`host[:port]`, `[v6]:port`), lowercased.
    static func hostName(of authority: String) -> String {
        var host = authority.lowercased()
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return host
    }

    /// localhost, ::1, or an IPv4 address in 127.0.0.0/8.
    static func isLoopbackName(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4Loopback = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return host == "localhost" || host == "::1" || isIPv4Loopback
    }
}
