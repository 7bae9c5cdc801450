public import SwitchboardConfig
public import SwitchboardCore
public import Logging

/// All channels of a host: their lifecycle, their status, and the way out to them.
public actor ChannelManager: ReplyTransport {
    /// An operation named a channel the host does not have.
    public struct UnknownChannel: Error, Sendable, CustomStringConvertible {
        public let channelID: String
        public var description: String { "no channel '\(channelID)'" }
    }

    private var channels: [String: Channel] = [:]
    /// Channels that could not be set up (unknown provider, invalid settings), by id.
    private var unavailable: [String: ChannelStatus] = [:]
    private let backoff: Backoff
    private let logger: Logger
    private let subscribers = Broadcast<ChannelStatus>()

    public init(reconnect: ReconnectSettings, logger: Logger) {
        backoff = Backoff(reconnect)
        self.logger = logger
    }

    /// Adds a channel running on `plugin`. It starts with `startAll()` or `start(_:)`.
    /// - Parameter deliver: stores an inbound message, then reports the outcome. [any-thread]
    func add(
        id: String, plugin: LoadedPlugin, settingsJSON: String, enabled: Bool,
        deliver: @escaping @Sendable (InboundMessage, @escaping @Sendable (ResultCode, String?) -> Void) -> Void
    ) {
        let subscribers = subscribers
        channels[id] = Channel(
            id: id, plugin: plugin, settingsJSON: settingsJSON, enabled: enabled, backoff: backoff, logger: logger,
            publish: { subscribers.publish($0) }, deliver: deliver
        )
    }

    /// Records a channel that cannot run, so that its status shows why.
    func addUnavailable(id: String, provider: String, error: String) {
        var status = ChannelStatus(channelID: id, provider: provider, state: .failed)
        status.lastError = .init(message: error, at: .now)
        unavailable[id] = status
        subscribers.publish(status)
    }

    /// Starts every enabled channel, concurrently.
    public func startAll() async {
        await withTaskGroup(of: Void.self) { group in
            for channel in channels.values {
                group.addTask { await channel.start() }
            }
        }
    }

    public func start(_ channelID: String) async throws(UnknownChannel) { try await channel(channelID).start() }
    public func stop(_ channelID: String) async throws(UnknownChannel) { try await channel(channelID).stop() }
    public func restart(_ channelID: String) async throws(UnknownChannel) { try await channel(channelID).restart() }
    public func enable(_ channelID: String) async throws(UnknownChannel) { try await channel(channelID).enable() }
    public func disable(_ channelID: String) async throws(UnknownChannel) { try await channel(channelID).disable() }

    /// The status of one channel.
    public func status(of channelID: String) async throws(UnknownChannel) -> ChannelStatus {
        if let status = unavailable[channelID] { return status }
        return try await channel(channelID).currentStatus
    }

    /// The status of every channel, sorted by id.
    public func statuses() async -> [ChannelStatus] {
        var all = Array(unavailable.values)
        for channel in channels.values { all.append(await channel.currentStatus) }
        return all.sorted { $0.channelID < $1.channelID }
    }

    /// Every status change from now on, of every channel.
    public nonisolated func statusUpdates() -> AsyncStream<ChannelStatus> {
        subscribers.subscribe()
    }

    /// Returns once no channel is still connecting, or when `timeout` has passed.
    public func waitUntilSettled(timeout: Duration) async {
        let updates = statusUpdates()
        guard await statuses().contains(where: { $0.state == .connecting }) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { [self] in
                for await _ in updates where await !statuses().contains(where: { $0.state == .connecting }) {
                    return
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Sends `message` on its channel; returns the platform's id of the sent message.
    public func send(_ message: OutboundMessage) async throws(ReplySendError) -> String? {
        do throws(SendError) {
            guard let channel = channels[message.channelID] else { throw SendError.notConnected(message.channelID) }
            return try await channel.send(message)
        } catch {
            throw ReplySendError(error.description, retryAfter: error.retryAfter, isRetryable: error.code.isTransient)
        }
    }

    /// Stops and destroys every channel's instance.
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for channel in channels.values {
                group.addTask { await channel.shutdown() }
            }
        }
        subscribers.finish()
    }

    /// The channel with `id`, for host services and tests.
    func channel(_ channelID: String) throws(UnknownChannel) -> Channel {
        guard let channel = channels[channelID] else { throw UnknownChannel(channelID: channelID) }
        return channel
    }
}
