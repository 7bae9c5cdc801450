/// Who may talk to a channel's bot, and when it answers in groups (`access:` of a channel).
///
/// ```yaml
/// access:
///   private: open            # who may use the bot, in private chats and groups alike:
///                            # open | allowlist | pairing (unknown users get a code, in a
///                            # private chat, that an operator approves)
///   allowlist: ["12345"]     # platform user ids let in under `allowlist`
///   groups: mention          # mention (answer only when mentioned or replied to) | all | off
///   group_commands: false    # whether /commands work in groups
///   rate_limit: {messages: 20, per_seconds: 60}   # per user; messages: 0 turns it off
/// ```
public struct AccessSettings: Sendable, Equatable {
    /// Who may use the bot (the sender, in private chats and groups alike).
    public enum PrivatePolicy: String, Sendable, CaseIterable {
        case open, allowlist, pairing
    }

    /// When the bot answers in group chats.
    public enum GroupPolicy: String, Sendable, CaseIterable {
        case mention, all, off
    }

    public var privateChats: PrivatePolicy
    public var allowlist: [String]
    public var groups: GroupPolicy
    public var groupCommands: Bool
    /// At most this many messages per user in `rateWindow`; nil for no limit.
    public var rateLimit: Int?
    public var rateWindow: Duration

    public init(
        privateChats: PrivatePolicy = .open, allowlist: [String] = [], groups: GroupPolicy = .mention,
        groupCommands: Bool = false, rateLimit: Int? = 20, rateWindow: Duration = .seconds(60)
    ) {
        self.privateChats = privateChats
        self.allowlist = allowlist
        self.groups = groups
        self.groupCommands = groupCommands
        self.rateLimit = rateLimit
        self.rateWindow = rateWindow
    }
}

/// How a channel keeps conversations (`conversation:` of a channel).
///
/// ```yaml
/// conversation:
///   group_context: per_user    # per_user | per_chat: whose history a group message continues
///   idle_timeout_minutes: 60   # a chat idle longer starts afresh, with a notice; 0 = never
///   queue_limit: 100           # messages waiting per chat before new ones are turned away
/// ```
public struct ConversationSettings: Sendable, Equatable {
    /// Whose context a message in a group continues.
    public enum GroupContext: String, Sendable, CaseIterable {
        case perUser = "per_user"
        case perChat = "per_chat"
    }

    public var groupContext: GroupContext
    /// A conversation idle longer than this starts afresh; nil for never.
    public var idleTimeout: Duration?
    public var queueLimit: Int

    public init(groupContext: GroupContext = .perUser, idleTimeout: Duration? = .seconds(3600), queueLimit: Int = 100) {
        self.groupContext = groupContext
        self.idleTimeout = idleTimeout
        self.queueLimit = queueLimit
    }
}

/// How platform users become Switchboard users (`users:` at the top level).
///
/// ```yaml
/// users:
///   mapper: default      # default | http | plugin
///   url: https://directory.example.com/switchboard/map   # http: POST the identity, use the answer
///   timeout_ms: 5000     # http
///   plugin: corp-directory   # plugin: the plugin offering switchboard.user-mapper/1
/// ```
public struct UserMappingSettings: Sendable, Equatable {
    public enum Mapper: Sendable, Equatable {
        /// Creates a user per platform identity (username = platform user id).
        case `default`
        /// Asks an HTTP service.
        case http(url: String, timeout: Duration)
        /// Asks a plugin's `switchboard.user-mapper/1` extension.
        case plugin(id: String)
    }

    public var mapper: Mapper
    /// Where `mapper` is written, for errors the host finds later (an unknown plugin).
    public var location: SourceLocation

    public init(mapper: Mapper = .default, location: SourceLocation = .inCode) {
        self.mapper = mapper
        self.location = location
    }
}

/// How a channel shows replies while the agent writes them (`streaming:` of a channel).
/// The strategy itself follows what the provider declared (native stream, drafts,
/// append, edit in place); these settings tune it.
///
/// ```yaml
/// streaming:
///   modes: [edit]              # the declared modes the channel may use; [] for none; default all
///   fallback: sync             # sync | block: what a provider without streaming gets
///   update_interval_ms: 1000   # at most one edit or stream update per interval
///   min_new_characters: 20     # an update waits for this much new text (a pause flushes less)
///   sends_per_second: 0        # the channel's budget of platform calls; 0 = no limit
/// ```
public struct StreamingPolicy: Sendable, Equatable {
    /// What a provider without streaming operations gets.
    public enum Fallback: String, Sendable, CaseIterable {
        /// One message when the answer is complete.
        case sync
        /// Each finished paragraph as its own message.
        case block
    }

    /// A way of streaming a provider may declare.
    public enum Mode: String, Sendable, CaseIterable {
        case native, draft, append, edit
    }

    /// The streaming modes the channel may use, of those its provider declares; nil for
    /// all of them, empty for none (every reply then gets `fallback`).
    public var modes: [Mode]?
    /// Where `modes` is written, for errors found once the provider is known.
    public var modesLocation: SourceLocation
    public var fallback: Fallback
    public var updateInterval: Duration
    public var minimumNewCharacters: Int
    /// Platform calls per second the channel may make; nil for no limit.
    public var sendsPerSecond: Int?

    public init(modes: [Mode]? = nil, modesLocation: SourceLocation = .inCode, fallback: Fallback = .sync,
                updateInterval: Duration = .seconds(1), minimumNewCharacters: Int = 20, sendsPerSecond: Int? = nil) {
        self.modes = modes
        self.modesLocation = modesLocation
        self.fallback = fallback
        self.updateInterval = updateInterval
        self.minimumNewCharacters = minimumNewCharacters
        self.sendsPerSecond = sendsPerSecond
    }
}

/// How a channel's provider reaches the network: HTTP and WebSocket alike.
public struct NetworkSettings: Sendable, Equatable {
    /// An http:// proxy URL (`proxy`); "" for none; nil (absent) to follow the standard
    /// proxy environment variables.
    public var proxy: String?
    /// A PEM file of CA certificates to trust besides the system's (`ca_bundle`).
    public var caBundle: String?

    public init(proxy: String? = nil, caBundle: String? = nil) {
        self.proxy = proxy
        self.caBundle = caBundle
    }
}
