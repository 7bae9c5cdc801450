import Foundation
@testable import SwitchboardHost
import SwitchboardSimulator

/// A host serving the bundled Telegram plugin (the real `.so`) against the Telegram
/// simulator on loopback, with the echo agent, on a fresh data folder.
final class TelegramHarness {
    let telegram: TelegramSimulator
    let server: SimulatorServer
    let folder: TemporaryFolder
    private(set) var host: Switchboard
    private let wordIntervalMS: Int

    /// - Parameters:
    ///   - mode: the channel's `settings.mode`.
    ///   - token: the bot token configured; the simulator's own by default.
    ///   - wordIntervalMS: how fast the echo agent writes.
    ///   - prepare: runs once the simulator listens, before the host starts (to plan faults, say).
    init(mode: String = "polling", token: String = TelegramSimulator.defaultToken, wordIntervalMS: Int = 20,
         waitForConnection: Bool = true, prepare: (SimulatorServer) async throws -> Void = { _ in }) async throws {
        telegram = TelegramSimulator()
        server = SimulatorServer(platform: telegram)
        try await server.start()
        try await prepare(server)
        folder = try TemporaryFolder()
        self.wordIntervalMS = wordIntervalMS
        host = try makeHost(Self.yaml(mode: mode, token: token, apiURL: server.baseURL, wordIntervalMS: wordIntervalMS), in: folder)
        try await host.start()
        if waitForConnection { try await connected() }
    }

    /// The configuration of a host with one Telegram channel, `tg`, on the simulator at `apiURL`.
    static func yaml(mode: String, token: String, apiURL: String, wordIntervalMS: Int, dataDir: String = "./data", logLevel: String = "warning") -> String {
        """
        plugin_dirs: []
        host: {data_dir: \(dataDir), log_level: \(logLevel), ingress_listen: "127.0.0.1:0", reconnect: {initial_delay_ms: 100, max_delay_ms: 400}}
        agents: [{name: echo, type: echo, options: {word_interval_ms: \(wordIntervalMS)}}]
        channels:
          - id: tg
            provider: telegram
            agent: echo
            access: {rate_limit: {messages: 0}, group_commands: true}
            streaming: {update_interval_ms: 50, min_new_characters: 1}
            network: {proxy: ""}
            settings: {bot_token: "\(token)", api_base_url: "\(apiURL)", mode: \(mode)}
        """
    }

    /// Waits for the channel to connect; fails at once when it fails.
    func connected() async throws {
        try await host.channels.waitUntilConnected("tg")
    }

    /// The channel's first status matching `predicate`, now or later.
    func settledStatus(where predicate: @Sendable (ChannelStatus) -> Bool) async throws -> ChannelStatus {
        try await host.channels.settledStatus(of: "tg", where: predicate)
    }

    /// Stops the host and starts a new one on the same data folder, in `mode`.
    func restart(mode: String) async throws {
        await host.shutdown()
        let yaml = Self.yaml(mode: mode, token: telegram.token, apiURL: server.baseURL, wordIntervalMS: wordIntervalMS)
        host = try makeHost(yaml, in: folder)
        try await host.start()
        try await connected()
    }

    func shutdown() async {
        await host.shutdown()
        await server.stop()
    }

    // MARK: Conversations

    /// The first message the bot sent in reply to `message`.
    func firstReply(to message: TelegramMessage) async throws -> TelegramMessage {
        try await telegram.activity.first { $0.sent?.isReply(to: message) == true }.sent!
    }

    /// Waits until the bot's answer to `message` reads `expected`: sent so, or edited to it.
    func expectAnswer(to message: TelegramMessage, _ expected: String) async throws {
        let sent = try await firstReply(to: message)
        guard sent.text != expected else { return }
        _ = try await telegram.activity.first { $0.edited.map { $0.chatID == sent.chatID && $0.messageID == sent.messageID && $0.text == expected } ?? false }
    }

    /// `user` writes `text` in a private chat; returns the text of the bot's answer.
    func ask(_ text: String, from user: TelegramUser = .alice) async throws -> String {
        let message = await telegram.userSends(text, from: user, in: .privateChat(with: user))
        return try await firstReply(to: message).text
    }

    /// Every message the bot sent in reply to `message` so far.
    func replies(to message: TelegramMessage) async -> [TelegramMessage] {
        await telegram.activity.all.compactMap(\.sent).filter { $0.isReply(to: message) }
    }

    /// The requests made to Bot API method `method`, oldest first.
    func calls(to method: String) async -> [RecordedRequest] {
        await server.requests.all.filter { $0.path.hasSuffix("/" + method) }
    }
}

extension TelegramActivity {
    var sent: TelegramMessage? {
        if case let .sent(message) = self { message } else { nil }
    }

    var edited: TelegramMessage? {
        if case let .edited(message) = self { message } else { nil }
    }

    /// A draft's chat and text.
    var draft: (chatID: Int64, text: String)? {
        if case let .draft(chatID, _, _, text) = self { (chatID, text) } else { nil }
    }

    /// A chat action's chat, topic and action.
    var chatAction: (chatID: Int64, threadID: Int?, action: String)? {
        if case let .chatAction(chatID, threadID, action) = self { (chatID, threadID, action) } else { nil }
    }
}

extension TelegramMessage {
    /// Whether this message answers `message` (same chat, quoting it).
    func isReply(to message: TelegramMessage) -> Bool {
        chatID == message.chatID && replyToMessageID == message.messageID
    }
}
