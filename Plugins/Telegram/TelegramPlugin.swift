import CSwitchboardABI
import SwitchboardProviderKit

/// Telegram through the Bot API: long polling or a webhook, private chats, groups and
/// forum topics, drafts streamed in private chats and edits elsewhere. See docs/telegram.md.
struct TelegramPlugin: ProviderPlugin {
    typealias Instance = TelegramProvider

    static let manifest = PluginManifest(
        id: "telegram",
        name: "Telegram",
        version: "1.0.0",
        platform: "telegram",
        description: "Telegram bots (Bot API): long polling or webhook, groups and forum topics, streamed replies.",
        configSchema: """
        {
          "type": "object",
          "required": ["bot_token"],
          "properties": {
            "bot_token": {"type": "string", "x-secret": true, "pattern": "^[0-9]+:[A-Za-z0-9_-]+$",
                          "description": "The token @BotFather gave the bot, e.g. 123456789:AAH..."},
            "mode": {"type": "string", "enum": ["polling", "webhook"], "default": "polling",
                     "description": "polling: the channel asks Telegram for updates (no public URL needed). webhook: Telegram posts updates to the host's ingress, which must be reachable over HTTPS (host.ingress_public_url)."},
            "webhook_secret": {"type": "string", "x-secret": true, "pattern": "^[A-Za-z0-9_-]{1,256}$",
                               "description": "The secret Telegram sends with each webhook request. Default: a new random secret each time the channel starts."},
            "api_base_url": {"type": "string", "default": "https://api.telegram.org",
                             "description": "The Bot API server: Telegram's, a local Bot API server, or a simulator."},
            "poll_timeout_seconds": {"type": "integer", "default": 50, "minimum": 1, "maximum": 50,
                                     "description": "How long one getUpdates call waits for updates."}
          },
          "additionalProperties": false
        }
        """,
        capabilities: Capabilities(
            messageLimit: 4096, limitUnit: .utf16, streamingModes: SB_STREAM_DRAFT | SB_STREAM_EDIT,
            features: SB_FEATURE_GROUPS | SB_FEATURE_THREADS | SB_FEATURE_TYPING | SB_FEATURE_REPLY_TO | SB_FEATURE_MARKDOWN
        )
    )
}

/// A channel's settings, as validated against the manifest's schema (defaults filled in).
struct TelegramSettings: Decodable {
    enum Mode: String, Decodable { case polling, webhook }

    var bot_token: String
    var mode: Mode
    var webhook_secret: String?
    var api_base_url: String
    var poll_timeout_seconds: Int
}

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry(_ hostABIVersion: UInt32) -> UnsafeRawPointer? {
    PluginEntry.descriptor(for: TelegramPlugin.self, hostABIVersion: hostABIVersion)
}
