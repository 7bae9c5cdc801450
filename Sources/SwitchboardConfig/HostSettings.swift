/// The `host:` section: where the daemon keeps its data, where it listens, how it logs and reconnects.
public struct HostSettings: Sendable {
    /// Absolute folder for the store and per-channel state (`data_dir`, default `data`).
    public var dataDirectory: String
    /// Where webhook ingress listens (`ingress_listen`, default `127.0.0.1:8080`).
    public var ingressAddress: ListenAddress
    /// The URL under which platforms reach the ingress (`ingress_public_url`, e.g.
    /// `https://bot.example.com`, behind a reverse proxy); nil for the listen address.
    public var ingressPublicURL: String?
    /// The largest webhook body accepted, in bytes (`ingress_max_body_bytes`, default 1 MiB).
    public var ingressMaxBodyBytes: Int
    /// Where the admin and metrics endpoints listen (`admin_listen`, default `127.0.0.1:8081`).
    public var adminAddress: ListenAddress
    /// The least severe level that is logged (`log_level`, default `info`).
    public var logLevel: LogLevelName
    /// How log lines are written (`log_format`, default `text`).
    public var logFormat: LogFormat
    /// How channels back off before reconnecting (`reconnect`).
    public var reconnect: ReconnectSettings

    /// Host settings in code; every argument defaults as in the file. A relative `dataDirectory` is
    /// resolved against the current directory.
    public init(
        dataDirectory: String = "data",
        ingressAddress: ListenAddress = .defaultIngress,
        ingressPublicURL: String? = nil,
        ingressMaxBodyBytes: Int = 1 << 20,
        adminAddress: ListenAddress = .defaultAdmin,
        logLevel: LogLevelName = .info,
        logFormat: LogFormat = .text,
        reconnect: ReconnectSettings = ReconnectSettings()
    ) {
        self.dataDirectory = absolutePath(dataDirectory, relativeTo: currentDirectory)
        self.ingressAddress = ingressAddress
        self.ingressPublicURL = ingressPublicURL
        self.ingressMaxBodyBytes = ingressMaxBodyBytes
        self.adminAddress = adminAddress
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.reconnect = reconnect
    }
}

/// A log level as written in `log_level`, from most to least verbose.
public enum LogLevelName: String, Sendable, CaseIterable {
    /// Everything, including per-message detail.
    case trace
    /// Diagnostic detail.
    case debug
    /// Normal operation.
    case info
    /// Normal but significant events.
    case notice
    /// Something unexpected that the host recovered from.
    case warning
    /// A failure of one operation.
    case error
    /// A failure that stops the host or a channel.
    case critical
}

/// How log lines are written, as in `log_format`.
public enum LogFormat: String, Sendable, CaseIterable {
    /// Human-readable lines.
    case text
    /// One JSON object per line.
    case json
}

/// Backoff between reconnection attempts: it starts at `initialDelay` and grows up to `maximumDelay`.
public struct ReconnectSettings: Sendable {
    /// The first delay (`initial_delay_ms`, default 1000, at least 1).
    public var initialDelay: Duration
    /// The longest delay (`max_delay_ms`, default 60000, at least the initial delay).
    public var maximumDelay: Duration

    /// Backoff settings in code, defaulting as in the file.
    public init(initialDelay: Duration = .milliseconds(1000), maximumDelay: Duration = .milliseconds(60000)) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }
}
