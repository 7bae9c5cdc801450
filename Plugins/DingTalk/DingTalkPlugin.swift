import CSwitchboardABI
import SwitchboardProviderKit

/// DingTalk robots of an internal app in Stream mode: messages arrive over DingTalk's
/// WebSocket gateway (no public URL needed), replies go through the message's session
/// webhook or the robot APIs, and answers stream into AI cards when a card template is
/// configured. See docs/dingtalk.md.
struct DingTalkPlugin: ProviderPlugin {
    typealias Instance = DingTalkProvider

    static let manifest = PluginManifest(
        id: "dingtalk",
        name: "DingTalk",
        version: "1.0.0",
        platform: "dingtalk",
        description: "DingTalk app robots in Stream mode: private and group chats, answers streamed into AI cards (with card_template_id) or sent as Markdown.",
        configSchema: """
        {
          "type": "object",
          "required": ["client_id", "client_secret"],
          "properties": {
            "client_id": {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9_-]+$",
                          "description": "The app's Client ID (formerly AppKey), from the developer console."},
            "client_secret": {"type": "string", "x-secret": true, "minLength": 1,
                              "description": "The app's Client Secret (formerly AppSecret)."},
            "robot_code": {"type": "string", "minLength": 1,
                           "description": "The robot's code, for the robot and card APIs. Default: client_id (the code of an app's own robot)."},
            "card_template_id": {"type": "string", "minLength": 1,
                                 "description": "An AI card template (…schema) to stream answers into. Without it, answers are sent whole as Markdown."},
            "card_content_key": {"type": "string", "minLength": 1, "default": "msgContent",
                                 "description": "The template variable that shows the answer text (msgContent in DingTalk's standard AI card template)."},
            "api_base_url": {"type": "string", "default": "https://api.dingtalk.com", "pattern": "^https?://[^/?#]+",
                             "description": "DingTalk's open API server, or a simulator."}
          },
          "additionalProperties": false
        }
        """,
        capabilities: Capabilities(
            messageLimit: 20_000, limitUnit: .characters, streamingModes: SB_STREAM_NATIVE,
            features: SB_FEATURE_GROUPS | SB_FEATURE_MARKDOWN
        )
    )
}

/// A channel's settings, as validated against the manifest's schema (defaults filled in).
struct DingTalkSettings: Decodable {
    var client_id: String
    var client_secret: String
    var robot_code: String?
    var card_template_id: String?
    var card_content_key: String
    var api_base_url: String

    var robotCode: String { robot_code ?? client_id }
}

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry(_ hostABIVersion: UInt32) -> UnsafeRawPointer? {
    PluginEntry.descriptor(for: DingTalkPlugin.self, hostABIVersion: hostABIVersion)
}
