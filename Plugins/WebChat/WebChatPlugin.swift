import CSwitchboardABI
import SwitchboardProviderKit

/// WebChat: a chat page served by the host itself, on the webhook ingress. The embedded
/// default channel: no platform, no credentials; open the URL it logs and talk to the
/// agent. See docs/webchat.md.
struct WebChatPlugin: ProviderPlugin {
    typealias Instance = WebChatProvider

    static let manifest = PluginManifest(
        id: "webchat",
        name: "WebChat",
        version: "1.0.0",
        platform: "webchat",
        description: "A chat page on the host's own web server: streaming replies, commands, history kept across restarts.",
        configSchema: """
        {
          "type": "object",
          "properties": {
            "title": {"type": "string", "default": "Switchboard", "maxLength": 80,
                      "description": "The page's title."},
            "access_token": {"type": "string", "x-secret": true,
                             "description": "When set, a browser must enter it once before chatting. Required when the page is reachable beyond loopback."},
            "allow_remote_without_token": {"type": "boolean", "default": false,
                                           "description": "Serve a page reachable beyond loopback without an access token (anyone who reaches it can chat)."},
            "history_limit": {"type": "integer", "default": 200, "minimum": 10, "maximum": 2000,
                              "description": "Messages kept per browser session; older ones are dropped."},
            "max_message_length": {"type": "integer", "default": 4000, "minimum": 1, "maximum": 16000,
                                   "description": "The longest message a user may send, in characters."}
          },
          "additionalProperties": false
        }
        """,
        capabilities: Capabilities(
            messageLimit: 8000, limitUnit: .characters, streamingModes: SB_STREAM_NATIVE,
            features: SB_FEATURE_TYPING | SB_FEATURE_MARKDOWN
        )
    )
}

struct WebChatSettings: Decodable {
    var title: String
    var access_token: String?
    var allow_remote_without_token: Bool
    var history_limit: Int
    var max_message_length: Int
}

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry(_ hostABIVersion: UInt32) -> UnsafeRawPointer? {
    PluginEntry.descriptor(for: WebChatPlugin.self, hostABIVersion: hostABIVersion)
}
