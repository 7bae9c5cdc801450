import Foundation
@testable import SwitchboardHost
import SwitchboardSimulator

/// A host serving the bundled DingTalk plugins (the real `.so` files) against the
/// DingTalk simulator on loopback, on a fresh data folder: channel `dt` in Stream mode
/// and, when asked for, channel `robot`, a custom group robot's webhook.
final class DingTalkHarness {
    /// The access token of the simulator's custom robot.
    static let robotToken = "robot-token-0123456789abcdef"

    let dingtalk: DingTalkSimulator
    let server: SimulatorServer
    let folder: TemporaryFolder
    let host: Switchboard

    /// The settings of the `robot` channel: the secret it signs with (nil: unsigned)
    /// and its per-minute limit.
    struct Robot {
        var secret: String?
        var messagesPerMinute = 20
    }

    /// - Parameters:
    ///   - clientSecret: the secret the `dt` channel is configured with.
    ///   - cardTemplateID: streams answers into AI cards when set.
    ///   - agent: the `dt` channel's agent: `echo` (writing a word every `wordIntervalMS`) or `broken`.
    ///   - robot: adds the `robot` channel, for a simulator robot with `robotSecret`.
    init(clientSecret: String = DingTalkSimulator.defaultClientSecret, cardTemplateID: String? = nil, agent: String = "echo",
         wordIntervalMS: Int = 0, updateIntervalMS: Int = 50, robot: Robot? = nil, robotSecret: String? = nil,
         simulator: DingTalkSimulator = DingTalkSimulator(), waitForConnection: Bool = true) async throws {
        dingtalk = simulator
        server = SimulatorServer(platform: simulator)
        try await server.start()
        if robot != nil { await simulator.addWebhookRobot(accessToken: Self.robotToken, secret: robotSecret) }
        folder = try TemporaryFolder()
        var settings = "{client_id: \(simulator.clientID), client_secret: \"\(clientSecret)\", api_base_url: \"\(server.baseURL)\""
        if let cardTemplateID { settings += ", card_template_id: \"\(cardTemplateID)\"" }
        settings += "}"
        var channels = """
          - id: dt
            provider: dingtalk
            agent: \(agent)
            access: {rate_limit: {messages: 0}, group_commands: true}
            streaming: {update_interval_ms: \(updateIntervalMS), min_new_characters: 1}
            network: {proxy: ""}
            settings: \(settings)
        """
        if let robot {
            let secret = robot.secret.map { ", secret: \"\($0)\"" } ?? ""
            channels += """

              - id: robot
                provider: dingtalk-robot
                agent: echo
                network: {proxy: ""}
                settings: {webhook_url: "\(server.baseURL)/robot/send?access_token=\(Self.robotToken)", messages_per_minute: \(robot.messagesPerMinute)\(secret)}
            """
        }
        let yaml = """
        plugin_dirs: []
        host: {data_dir: ./data, log_level: warning, ingress_listen: "127.0.0.1:0", reconnect: {initial_delay_ms: 100, max_delay_ms: 400}}
        agents:
          - {name: echo, type: echo, options: {word_interval_ms: \(wordIntervalMS)}}
          - {name: broken, type: command, options: {command: /bin/sh, arguments: ["-c", "echo half an answer; sleep 0.3; echo failing >&2; exit 3"]}}
        channels:
        \(channels)
        """
        host = try makeHost(yaml, in: folder)
        try await host.start()
        if waitForConnection { try await connected() }
    }

    /// Waits for channel `dt` to connect; fails at once when it fails.
    func connected() async throws {
        try await host.channels.waitUntilConnected("dt")
    }

    /// The first status of `channel` matching `predicate`, now or later.
    func settledStatus(of channel: String = "dt", where predicate: @Sendable (ChannelStatus) -> Bool) async throws -> ChannelStatus {
        try await host.channels.settledStatus(of: channel, where: predicate)
    }

    func shutdown() async {
        await host.shutdown()
        await server.stop()
    }

    // MARK: Conversations

    /// `user` writes `text` in `conversation` (their single chat by default); returns the
    /// robot's next message there.
    func ask(_ text: String, from user: DingTalkUser = .alice, in conversation: DingTalkConversation? = nil) async throws -> DingTalkBotMessage {
        let conversation = conversation ?? .single(with: user)
        let before = await dingtalk.messages(inConversation: conversation.id).count
        await dingtalk.userSends(text, from: user, in: conversation)
        return try await botMessages(in: conversation, count: before + 1).last!
    }

    /// The first `count` messages the robot sent in `conversation`, waiting for them.
    func botMessages(in conversation: DingTalkConversation, count: Int) async throws -> [DingTalkBotMessage] {
        let id = conversation.id
        return try await dingtalk.activity.wait(for: count) { $0.botMessage?.conversationID == id }.compactMap(\.botMessage)
    }

    /// The track id of the first card whose answer is over, waiting for it.
    func settledCard() async throws -> String {
        try await dingtalk.activity.first { $0.settledCard != nil }.settledCard!
    }

    /// The requests made to `path`, oldest first.
    func calls(to path: String) async -> [RecordedRequest] {
        await server.requests.all.filter { $0.path == path }
    }
}

extension DingTalkActivity {
    var botMessage: DingTalkBotMessage? {
        if case let .message(message) = self { message } else { nil }
    }

    var pongOpaque: String? {
        if case let .pong(opaque) = self { opaque } else { nil }
    }

    /// A flow status set on a card after its creation.
    var cardStatus: (outTrackID: String, flowStatus: String)? {
        if case let .cardUpdated(outTrackID, params) = self, let status = params["flowStatus"] { (outTrackID, status) } else { nil }
    }

    /// A card whose flow status became finished ("3") or failed ("5"): its answer is over.
    var settledCard: String? {
        if case let .cardUpdated(outTrackID, params) = self, ["3", "5"].contains(params["flowStatus"]) { outTrackID } else { nil }
    }
}
