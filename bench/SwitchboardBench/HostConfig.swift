import SwitchboardSimulator

/// Host configurations for the benchmarks: bundled plugins only, warnings only in
/// the log, a fresh data folder per run.
enum HostConfig {
    /// A whole configuration. `agents` is YAML flow or block text for `agents:`.
    static func yaml(dataFolder: String, agents: String = "[{name: echo, type: echo}]", ingress: String = "127.0.0.1:0",
                     channels: [String]) -> String {
        """
        host: {data_dir: "\(dataFolder)", log_level: warning, ingress_listen: "\(ingress)"}
        plugin_dirs: []
        agents: \(agents)
        channels:
        \(channels.joined(separator: "\n"))
        """
    }

    /// A channel list entry for a Telegram bot on a simulator, polling, with no per-user
    /// rate limit. `streaming` is the channel's `streaming:` mapping; the default sends
    /// each answer whole.
    static func telegram(id: String, simulator: SimulatorServer, token: String, agent: String = "echo",
                         streaming: String = "{modes: []}") -> String {
        """
          - id: \(id)
            provider: telegram
            agent: \(agent)
            access: {rate_limit: {messages: 0}}
            streaming: \(streaming)
            network: {proxy: ""}
            settings: {bot_token: "\(token)", api_base_url: "\(simulator.baseURL)"}
        """
    }

    /// The card parameter the DingTalk plugin streams answers into (its default).
    static let cardContentKey = "msgContent"

    /// A channel list entry for a DingTalk app robot in Stream mode on a simulator,
    /// streaming answers into AI cards.
    static func dingtalk(id: String, simulator: DingTalkSimulator, server: SimulatorServer, agent: String = "echo") -> String {
        """
          - id: \(id)
            provider: dingtalk
            agent: \(agent)
            access: {rate_limit: {messages: 0}}
            network: {proxy: ""}
            settings: {client_id: "\(simulator.clientID)", client_secret: "\(simulator.clientSecret)", api_base_url: "\(server.baseURL)",
                       card_template_id: "\(DingTalkSimulator.defaultCardTemplateID)"}
        """
    }

    /// The Bot API methods that answer users, as opposed to receiving (getUpdates) or
    /// setting up (getMe, deleteWebhook).
    static func isTelegramAnswer(_ request: RecordedRequest) -> Bool {
        let method = request.path.split(separator: "/").last ?? ""
        return ["sendMessage", "editMessageText", "sendMessageDraft", "sendChatAction"].contains(method)
    }
}
