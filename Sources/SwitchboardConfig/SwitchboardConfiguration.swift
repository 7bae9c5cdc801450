/// The whole of `config.yaml`, checked and with defaults applied.
///
/// The file (all keys snake_case; unknown keys outside `settings` and `options` are errors,
/// with a "did you mean" hint when a known key is close):
///
/// ```yaml
/// host:
///   data_dir: ./data                 # default "data"; relative to the config file's folder
///   ingress_listen: 127.0.0.1:8080   # host:port or [v6]:port; default 127.0.0.1:8080
///   admin_listen: 127.0.0.1:8081     # default 127.0.0.1:8081
///   log_level: info                  # trace|debug|info|notice|warning|error|critical, default info
///   log_format: text                 # text|json, default text
///   reconnect:
///     initial_delay_ms: 1000         # default 1000, >= 1
///     max_delay_ms: 60000            # default 60000, >= initial_delay_ms
/// plugin_dirs: [./plugins.d]         # default [plugins.d]; relative to the config file's folder
/// users:                             # how platform users become users; see UserMappingSettings
///   mapper: default                  # default | http | plugin
/// agents:                            # absent or empty: one implicit agent {name: echo, type: echo}
///   - name: echo                     # required, [A-Za-z0-9_-]{1,64}, unique
///     type: echo                     # required; the host decides which types exist
///     model: some-model              # optional
///     options: {any: mapping}        # optional, passed on as JSON
/// channels:
///   - id: demo                       # required, [A-Za-z0-9_-]{1,64}, unique
///     provider: loopback             # required: the plugin id
///     enabled: true                  # default true
///     agent: echo                    # optional, must name an agent; default the first agent
///     access: {private: open}        # who may talk to the bot; see AccessSettings
///     conversation: {}               # history and queues; see ConversationSettings
///     settings: {any: mapping}       # checked against the provider's schema by resolveSettings(of:schema:)
/// ```
///
/// - Every scalar value may use `${NAME}` (environment variable, an error when unset),
///   `${NAME:-default}` (default when unset or empty) and `$${` (a literal `${`). A plain scalar is
///   typed after substitution, so `port: ${PORT}` with `PORT=8080` is an integer.
/// - Plain scalars are typed as in YAML 1.2's core schema: `true`/`false`, decimal numbers, `null`/`~`/empty.
///   Where a string is expected, any scalar is accepted as written (an unquoted chat id is fine).
/// - A null value counts as absent.
/// - In `settings` (where the schema has a property `X` and none named `X_file`) and at the top of
///   `options`, `X_file: path` is replaced by `X` holding the file's contents without one trailing
///   newline. A relative path is relative to the config file's folder. Giving both `X` and `X_file` is an error.
public struct SwitchboardConfiguration: Sendable {
    /// The `host:` section.
    public var host: HostSettings
    /// Absolute folders the host scans for provider plugins (`plugin_dirs`).
    public var pluginDirectories: [String]
    /// How platform users become users (`users`).
    public var users: UserMappingSettings
    /// The agents (never empty when loaded from a file).
    public var agents: [AgentConfiguration]
    /// The channels, in file order.
    public var channels: [ChannelConfiguration]
    /// The configuration file, as named to the loader (`<code>` for a configuration made in code).
    public var file: String
    /// The absolute folder that relative paths (such as `X_file` secrets) are resolved against.
    public var baseDirectory: String

    /// A configuration in code. Relative `pluginDirectories` and `baseDirectory` are resolved
    /// against the current directory.
    public init(
        host: HostSettings = HostSettings(),
        pluginDirectories: [String] = [],
        users: UserMappingSettings = UserMappingSettings(),
        agents: [AgentConfiguration] = [.implicitEcho],
        channels: [ChannelConfiguration] = [],
        file: String = SourceLocation.inCode.file,
        baseDirectory: String = "."
    ) {
        self.host = host
        self.pluginDirectories = pluginDirectories.map { absolutePath($0, relativeTo: currentDirectory) }
        self.users = users
        self.agents = agents
        self.channels = channels
        self.file = file
        self.baseDirectory = absolutePath(baseDirectory, relativeTo: currentDirectory)
    }

    /// The agent called `name`, if there is one.
    public func agent(named name: String) -> AgentConfiguration? {
        agents.first { $0.name == name }
    }
}
