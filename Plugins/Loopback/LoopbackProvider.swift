import CSwitchboardABI
import SwitchboardProviderKit
#if canImport(Glibc)
import Glibc
#endif

/// The loopback provider: a channel that talks to no platform.
///
/// On start it can deliver a configured greeting as if a user had sent it; every
/// message the host sends is logged and handed to the observer of the
/// `switchboard.loopback/1` extension, through which tests also inject messages.
/// It is the bundled demo channel and the Swift test provider.
struct LoopbackPlugin: ProviderPlugin {
    typealias Instance = LoopbackProvider

    static let manifest = PluginManifest(
        id: "loopback",
        name: "Loopback (Swift)",
        version: "1.0.0",
        platform: "loopback",
        description: "Talks to no platform: delivers an optional greeting, logs every reply. For demos and tests.",
        configSchema: """
        {
          "type": "object",
          "properties": {
            "greeting": {"type": "string", "description": "Delivered as a user message each time the channel starts."},
            "chat_id": {"type": "string", "default": "console", "description": "The chat the greeting comes from."},
            "sender_id": {"type": "string", "default": "operator", "description": "The user the greeting comes from."},
            "token": {"type": "string", "x-secret": true, "description": "Not used; shows how secrets are masked."},
            "script": {"type": "string", "description": "A file of JSON lines {id, chat, text} delivered one by one (see ScriptedPlatform)."},
            "journal": {"type": "string", "description": "With script: where accepted replies are recorded."}
          }
        }
        """,
        capabilities: Capabilities(messageLimit: 4096, limitUnit: .characters)
    )

    static func extensionTable(_ extensionID: String) -> UnsafeRawPointer? {
        extensionID == SB_LOOPBACK_EXTENSION_ID ? loopbackExtension.pointer : nil
    }
}

struct LoopbackSettings: Decodable {
    var greeting: String?
    var chat_id: String
    var sender_id: String
    var script: String?
    var journal: String?
}

final class LoopbackProvider: Provider {
    let host: ProviderHost
    private let settings: LoopbackSettings
    private var starts = 0
    /// Makes greeting ids unique across processes, so each run's greeting is a new message.
    private let startedAt = Int64(wallClockNanoseconds() / 1_000_000)
    private var sent = 0
    private var observer: (callback: sb_loopback_observer, context: UnsafeMutableRawPointer?)?
    private let platform: ScriptedPlatform?

    init(host: ProviderHost, settings: LoopbackSettings) throws(ProviderError) {
        self.host = host
        self.settings = settings
        switch (settings.script, settings.journal) {
        case let (script?, journal?): platform = try ScriptedPlatform(host: host, script: script, journal: journal)
        case (nil, nil): platform = nil
        default: throw .invalidArgument("script and journal go together")
        }
    }

    func start() throws(ProviderError) {
        starts += 1
        host.setStatus(.connected)
        platform?.start()
        guard let greeting = settings.greeting else { return }
        let message = IncomingMessage(
            messageID: "greeting-\(startedAt)-\(starts)", chatID: settings.chat_id, chatType: .private,
            senderID: settings.sender_id, text: greeting
        )
        host.deliver(message) { [host] outcome in
            if case let .rejected(_, reason) = outcome {
                host.log(.warning, "greeting not stored: \(reason ?? "no reason given")")
            }
        }
    }

    func stop() {
        platform?.stop()
    }

    func send(_ message: OutgoingMessage, completion: SendCompletion) {
        sent += 1
        if let platform {
            _ = platform.accept(message)
        } else {
            host.log(.info, "reply to chat \(message.chatID): \(message.text)")
        }
        notifyObserver(of: message)
        completion.succeed(messageID: "loopback-\(sent)")
    }

    func observe(_ callback: sb_loopback_observer?, context: UnsafeMutableRawPointer?) {
        observer = callback.map { ($0, context) }
    }

    private func notifyObserver(of message: OutgoingMessage) {
        guard let observer else { return }
        message.chatID.withCString { chatID in
            message.text.withCString { text in
                var raw = sb_outbound_message()
                raw.struct_size = UInt32(MemoryLayout<sb_outbound_message>.size)
                raw.chat_id = chatID
                raw.chat_type = message.isPrivateChat ? SB_CHAT_PRIVATE : SB_CHAT_GROUP
                raw.text = text
                raw.format = message.isMarkdown ? SB_FORMAT_MARKDOWN : SB_FORMAT_PLAIN
                observer.callback(observer.context, &raw)
            }
        }
    }
}

/// The `switchboard.loopback/1` table.
private let loopbackExtension = PermanentTable(
    sb_loopback_extension(
        struct_size: UInt32(MemoryLayout<sb_loopback_extension>.size),
        inject: { handle, message, stored, userData in
            guard let provider = PluginEntry.provider(handle, as: LoopbackProvider.self) else { return }
            provider.host.deliver(raw: message, stored: stored, userData: userData)
        },
        observe: { handle, observer, context in
            PluginEntry.provider(handle, as: LoopbackProvider.self)?.observe(observer, context: context)
        }
    )
)

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry(_ hostABIVersion: UInt32) -> UnsafeRawPointer? {
    PluginEntry.descriptor(for: LoopbackPlugin.self, hostABIVersion: hostABIVersion)
}

/// Wall-clock nanoseconds since the Unix epoch.
private func wallClockNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}
