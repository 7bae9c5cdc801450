import CSwitchboardABI
import SwitchboardProviderKit

/// A DingTalk group's custom robot: a webhook URL that posts into one group, signed
/// when the robot has a secret. One-way: nothing arrives from the group, and DingTalk
/// takes at most 20 messages a minute. See docs/dingtalk.md.
struct DingTalkRobotPlugin: ProviderPlugin {
    typealias Instance = RobotWebhookProvider

    static let manifest = PluginManifest(
        id: "dingtalk-robot",
        name: "DingTalk group robot",
        version: "1.0.0",
        platform: "dingtalk",
        description: "One-way messages to a DingTalk group through a custom robot's webhook (signed with its secret), at most 20 a minute.",
        configSchema: """
        {
          "type": "object",
          "required": ["webhook_url"],
          "properties": {
            "webhook_url": {"type": "string", "x-secret": true, "pattern": "^https?://[^?#]+\\\\?(.+&)?access_token=[^&]+",
                            "description": "The robot's webhook, https://oapi.dingtalk.com/robot/send?access_token=… (its token is a secret)."},
            "secret": {"type": "string", "x-secret": true, "minLength": 1,
                       "description": "The robot's signing secret (SEC…), when its security setting is 'sign'."},
            "messages_per_minute": {"type": "integer", "minimum": 1, "maximum": 20, "default": 20,
                                    "description": "Messages sent in any 60 seconds at most; DingTalk refuses more than 20."}
          },
          "additionalProperties": false
        }
        """,
        capabilities: Capabilities(messageLimit: 20_000, limitUnit: .characters, streamingModes: 0, features: SB_FEATURE_GROUPS | SB_FEATURE_MARKDOWN)
    )
}

/// A channel's settings, as validated against the manifest's schema (defaults filled in).
struct RobotWebhookSettings: Decodable {
    var webhook_url: String
    var secret: String?
    var messages_per_minute: Int
}

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry(_ hostABIVersion: UInt32) -> UnsafeRawPointer? {
    PluginEntry.descriptor(for: DingTalkRobotPlugin.self, hostABIVersion: hostABIVersion)
}
