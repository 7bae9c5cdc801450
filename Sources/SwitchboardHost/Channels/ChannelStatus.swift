public import Foundation

/// What an operator sees of one channel.
public struct ChannelStatus: Sendable, Equatable {
    /// The channel's connection state.
    public enum State: String, Sendable {
        /// Starting, or waiting for the provider to report its connection.
        case connecting
        case connected
        /// Not connected: stopped, lost its link (a reconnect may be scheduled), or never started.
        case disconnected
        /// Switched off by configuration or by an operator.
        case disabled
        /// Gave up: bad settings, rejected credentials, or a provider that cannot run.
        case failed
    }

    /// An error the channel met, kept after the channel stops.
    public struct LastError: Sendable, Equatable {
        public let message: String
        public let at: Date
    }

    public let channelID: String
    /// The plugin id the channel runs on.
    public let provider: String
    public internal(set) var state: State
    /// When the current connection was made; nil while not connected.
    public internal(set) var connectedAt: Date?
    public internal(set) var lastError: LastError?
    /// Reconnects tried since the last successful connection.
    public internal(set) var reconnectAttempts: Int
    /// When the next reconnect is due, while one is scheduled.
    public internal(set) var nextReconnectAt: Date?

    init(channelID: String, provider: String, state: State) {
        self.channelID = channelID
        self.provider = provider
        self.state = state
        reconnectAttempts = 0
    }

    /// How long the channel has been connected, as of `now`.
    public func uptime(at now: Date = Date()) -> TimeInterval? {
        connectedAt.map { now.timeIntervalSince($0) }
    }
}
