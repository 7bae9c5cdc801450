import CSwitchboardABI
import Foundation
import Logging
import SwitchboardCore

/// One configured channel: a plugin instance, its lifecycle and its status.
///
/// The actor runs on the instance's own serial executor, so every call into the
/// plugin happens there. Status reports from the plugin arrive on the same executor,
/// in order, and drive the state machine below.
actor Channel {
    nonisolated let id: String
    nonisolated let executor: InstanceExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let plugin: LoadedPlugin
    private let settingsJSON: String
    private let backoff: Backoff
    private let logger: Logger
    private let publish: @Sendable (ChannelStatus) -> Void
    private let deliver: @Sendable (InboundMessage, @escaping @Sendable (ResultCode, String?) -> Void) -> Void
    /// The host services its provider may use.
    private let services: ChannelServices

    private enum State {
        case idle
        /// `start()` returned; the provider reports its connection state.
        case running
        /// Waiting to restart after a lost link; `generation` identifies the wait.
        case waitingToReconnect(generation: Int)
        case failed
        case disabled
    }

    private var state: State
    private var instance: ProviderInstance?
    private var status: ChannelStatus
    private var reconnectGeneration = 0

    init(
        id: String, plugin: LoadedPlugin, settingsJSON: String, enabled: Bool, backoff: Backoff, logger: Logger,
        services: ChannelServices, publish: @escaping @Sendable (ChannelStatus) -> Void,
        deliver: @escaping @Sendable (InboundMessage, @escaping @Sendable (ResultCode, String?) -> Void) -> Void
    ) {
        self.id = id
        self.executor = InstanceExecutor(label: "switchboard.channel.\(id)")
        self.plugin = plugin
        self.settingsJSON = settingsJSON
        self.backoff = backoff
        var logger = logger
        logger[metadataKey: "channel"] = "\(id)"
        self.logger = logger
        self.publish = publish
        self.deliver = deliver
        self.services = services
        state = enabled ? .idle : .disabled
        status = ChannelStatus(channelID: id, provider: plugin.info.id, state: enabled ? .disconnected : .disabled)
    }

    var currentStatus: ChannelStatus { status }

    /// Creates the instance if needed and starts it. Does nothing while disabled or running.
    func start() {
        switch state {
        case .disabled, .running: return
        case .idle, .failed, .waitingToReconnect: break
        }
        reconnectGeneration += 1
        do {
            let instance = try existingOrNewInstance()
            update { $0.state = .connecting; $0.nextReconnectAt = nil }
            try instance.start()
            state = .running
        } catch {
            handleStartFailure(error)
        }
    }

    /// Stops the instance (keeping it for a later start) and cancels any pending reconnect.
    func stop() {
        reconnectGeneration += 1
        stopInstance()
        if case .disabled = state { return }
        state = .idle
        update { $0.state = .disconnected; $0.connectedAt = nil; $0.nextReconnectAt = nil }
    }

    /// Stop then start, forgetting earlier reconnect attempts.
    func restart() {
        guard !isDisabled else { return }
        stop()
        update { $0.reconnectAttempts = 0 }
        start()
    }

    func enable() {
        guard isDisabled else { return }
        state = .idle
        update { $0.state = .disconnected }
        start()
    }

    func disable() {
        stop()
        state = .disabled
        update { $0.state = .disabled }
    }

    /// Stops and destroys the instance; the channel cannot be used afterwards.
    func shutdown() {
        stop()
        instance?.destroy()
        instance = nil
    }

    /// The running instance, for an outbound operation.
    private func running() throws(SendError) -> ProviderInstance {
        guard case .running = state, let instance else { throw .notConnected(id) }
        return instance
    }

    /// Sends a message through the plugin.
    func send(_ message: OutboundMessage) async throws(SendError) -> String? {
        try await running().send(message, isolation: self)
    }

    func edit(messageID: String, in target: ReplyTarget, text: String) async throws(SendError) {
        do {
            try await running().edit(messageID: messageID, chatID: target.chatID, threadID: target.threadID, text: text, format: target.format,
                                     isolation: self)
        } catch where error.code == .notModified {
            // The text is already what it should be.
        }
    }

    func showTyping(in target: ReplyTarget) async throws(SendError) {
        try await running().showTyping(chatID: target.chatID, threadID: target.threadID, isolation: self)
    }

    func beginStream(_ target: OutboundMessage) async throws(SendError) -> String {
        try await running().beginStream(target, isolation: self)
    }

    func updateStream(_ streamID: String, fullText: String, delta: String, status: String?, format: TextFormat) async throws(SendError) {
        try await running().updateStream(streamID, fullText: fullText, delta: delta, status: status, format: format, isolation: self)
    }

    func finishStream(_ streamID: String, finalText: String, failed: Bool, format: TextFormat) async throws(SendError) -> String? {
        try await running().finishStream(streamID, finalText: finalText, failed: failed, format: format, isolation: self)
    }

    /// Records a problem outside the connection as the last error, keeping the state.
    func recordProblem(_ detail: String) {
        update { $0.lastError = .init(message: detail, at: Date()) }
    }

    /// What the channel's provider declared.
    nonisolated var capabilities: ProviderCapabilities { plugin.info.capabilities }

    /// Runs `body` with the live instance on the instance's executor; nil when there is none.
    /// For host services and tests that call plugin extensions.
    func withInstance<T: Sendable>(_ body: @Sendable (OpaquePointer, LoadedPlugin) -> T) -> T? {
        instance.map { body($0.handle, plugin) }
    }

    // MARK: Reports from the provider

    /// A status the plugin reported through `set_status`.
    func providerReported(state reported: Int32, detail: String?) {
        guard case .running = state else {
            logger.debug("ignoring a status report while not running", metadata: ["state": "\(reported)"])
            return
        }
        switch reported {
        case SB_STATUS_CONNECTING:
            update { $0.state = .connecting; $0.connectedAt = nil }
        case SB_STATUS_CONNECTED:
            logger.info("connected")
            update { $0.state = .connected; $0.connectedAt = Date(); $0.reconnectAttempts = 0 }
        case SB_STATUS_DISCONNECTED:
            let message = detail ?? "the provider lost its connection"
            logger.warning("disconnected: \(message)")
            stopInstance()
            scheduleReconnect(after: message)
        case SB_STATUS_FAILED:
            fail(detail ?? "the provider reported a permanent failure")
        default:
            logger.error("the provider reported an unknown status \(reported)")
        }
    }

    // MARK: Internals

    private var isDisabled: Bool {
        if case .disabled = state { return true }
        return false
    }

    private func existingOrNewInstance() throws(ProviderFailure) -> ProviderInstance {
        if let instance { return instance }
        let bridge = HostBridge(
            channelID: id, pluginID: plugin.info.id, executor: executor, logger: logger,
            handlers: .init(
                deliver: deliver,
                status: { [weak self] state, detail in
                    self?.assumeIsolated { $0.providerReported(state: state, detail: detail) }
                }
            ),
            services: services
        )
        let created = try ProviderInstance.create(plugin: plugin, bridge: bridge, settingsJSON: settingsJSON)
        instance = created
        return created
    }

    private func stopInstance() {
        guard case .running = state else { return }
        state = .idle
        instance?.stop()
    }

    /// After a failed create or start (the instance, if any, is stopped already).
    private func handleStartFailure(_ error: ProviderFailure) {
        state = .idle
        if instance != nil, error.code.isTransient {
            scheduleReconnect(after: error.message)
        } else {
            fail(error.message)
        }
    }

    private func fail(_ message: String) {
        logger.error("failed: \(message)")
        stopInstance()
        state = .failed
        update {
            $0.state = .failed
            $0.connectedAt = nil
            $0.lastError = .init(message: message, at: Date())
        }
    }

    private func scheduleReconnect(after message: String) {
        reconnectGeneration += 1
        let generation = reconnectGeneration
        let attempt = status.reconnectAttempts + 1
        let delay = backoff.delay(attempt: attempt, jitter: Double.random(in: 0..<1))
        state = .waitingToReconnect(generation: generation)
        update {
            $0.state = .disconnected
            $0.connectedAt = nil
            $0.lastError = .init(message: message, at: Date())
            $0.reconnectAttempts = attempt
            $0.nextReconnectAt = Date().addingTimeInterval(delay.timeInterval)
        }
        logger.info("reconnecting in \(delay) (attempt \(attempt))")
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.reconnect(generation: generation)
        }
    }

    private func reconnect(generation: Int) {
        guard case let .waitingToReconnect(expected) = state, expected == generation else { return }
        start()
    }

    private func update(_ change: (inout ChannelStatus) -> Void) {
        let before = status
        change(&status)
        if status != before { publish(status) }
    }
}
