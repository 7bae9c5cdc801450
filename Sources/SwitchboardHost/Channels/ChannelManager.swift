public import SwitchboardConfig
public import SwitchboardCore
public import Logging

/// All channels of a host: their lifecycle, their status, and the way out to them.
public actor ChannelManager: ReplySurface {
    /// An operation named a channel the host does not have.
    public struct UnknownChannel: Error, Sendable, CustomStringConvertible {
        public let channelID: String
        public var description: String { "no channel '\(channelID)'" }
    }

    private var channels: [String: Channel] = [:]
    /// Channels with a budget of platform calls per second.
    private var budgets: [String: SendBudget<ContinuousClock>] = [:]
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
    /// - Parameter sendsPerSecond: the channel's budget of platform calls; nil for none.
    func add(
        id: String, plugin: LoadedPlugin, settingsJSON: String, enabled: Bool, sendsPerSecond: Int? = nil,
        services: ChannelServices = ChannelServices(),
        deliver: @escaping @Sendable (InboundMessage, @escaping @Sendable (ResultCode, String?) -> Void) -> Void
    ) {
        budgets[id] = sendsPerSecond.map { SendBudget(perSecond: $0, clock: ContinuousClock()) }
        let subscribers = subscribers
        channels[id] = Channel(
            id: id, plugin: plugin, settingsJSON: settingsJSON, enabled: enabled, backoff: backoff, logger: logger,
            services: services, publish: { subscribers.publish($0) }, deliver: deliver
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

    // MARK: ReplySurface

    public func capabilities(of channelID: String) -> ProviderCapabilities? {
        channels[channelID]?.capabilities
    }

    /// Sends `message` on its channel; returns the platform's id of the sent message.
    public func send(_ message: OutboundMessage) async throws(ReplySendError) -> String? {
        try await on(message.channelID) { channel throws(SendError) in try await channel.send(message) }
    }

    public func edit(messageID: String, in target: ReplyTarget, text: String) async throws(ReplySendError) {
        try await on(target.channelID) { channel throws(SendError) in try await channel.edit(messageID: messageID, in: target, text: text) }
    }

    public func showTyping(in target: ReplyTarget) async throws(ReplySendError) {
        try await on(target.channelID) { channel throws(SendError) in try await channel.showTyping(in: target) }
    }

    public func beginStream(in target: ReplyTarget) async throws(ReplySendError) -> String {
        try await on(target.channelID) { channel throws(SendError) in try await channel.beginStream(target.message("")) }
    }

    public func updateStream(_ streamID: String, in target: ReplyTarget, fullText: String, delta: String, status: String?) async throws(ReplySendError) {
        try await on(target.channelID) { channel throws(SendError) in
            try await channel.updateStream(streamID, fullText: fullText, delta: delta, status: status, format: target.format)
        }
    }

    public func finishStream(_ streamID: String, in target: ReplyTarget, finalText: String, failed: Bool) async throws(ReplySendError) -> String? {
        try await on(target.channelID) { channel throws(SendError) in
            try await channel.finishStream(streamID, finalText: finalText, failed: failed, format: target.format)
        }
    }

    /// Shows a problem (an agent's failure, say) as the channel's last error.
    public func recordProblem(_ detail: String, on channelID: String) async {
        await channels[channelID]?.recordProblem(detail)
    }

    /// Runs an operation on a channel within its budget, in the core's error terms.
    private func on<T>(_ channelID: String, _ operation: (Channel) async throws(SendError) -> T) async throws(ReplySendError) -> T {
        do throws(SendError) {
            guard let channel = channels[channelID] else { throw SendError.notConnected(channelID) }
            await budgets[channelID]?.acquire()
            return try await operation(channel)
        } catch {
            throw ReplySendError(error.description, retryAfter: error.retryAfter, isRetryable: error.code.isTransient,
                                 mayHaveArrived: error.code == .transient)
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
