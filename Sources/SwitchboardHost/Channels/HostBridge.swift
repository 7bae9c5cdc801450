import CSwitchboardABI
import Logging
import Synchronization
import SwitchboardCore
#if canImport(Glibc)
import Glibc
#endif

/// The host's side of one plugin instance: the `sb_host` table the plugin holds and
/// the callbacks behind it (log, deliver, set_status, get_extension).
///
/// The table and the strings in it live as long as this object, which the channel
/// keeps until after the plugin's `destroy()` returned.
final class HostBridge: Sendable {
    /// What the host does with what the plugin hands it.
    struct Handlers: Sendable {
        /// Store an inbound message, then call `stored` with the outcome. [any-thread]
        var deliver: @Sendable (_ message: InboundMessage, _ stored: @escaping @Sendable (ResultCode, String?) -> Void) -> Void
        /// A status report, called on the instance's executor in the order reported.
        var status: @Sendable (_ state: Int32, _ detail: String?) -> Void
    }

    let channelID: String
    let executor: InstanceExecutor
    let logger: Logger
    /// The plugin id, shown as the source of the plugin's log lines.
    private let logSource: String
    private let handlers: Handlers
    /// The services the instance may use.
    let services: ChannelServices
    /// What the current run opened through the services, ended with the run.
    let resources = RunResources()
    /// One run of the instance: from just before `start()` to just before `stop()`.
    /// Status reports and acknowledgements belong to the run they were made in.
    private struct Run {
        var generation = 0
        var accepting = false
        var nextDelivery = 0
        /// Deliveries of this run whose `stored` callback is still due.
        var unacknowledged: [Int: DeliveryAck] = [:]
    }

    private let run = Mutex(Run())
    private nonisolated(unsafe) let table: UnsafeMutablePointer<sb_host>
    private nonisolated(unsafe) let channelIDCopy: UnsafeMutablePointer<CChar>

    init(channelID: String, pluginID: String, executor: InstanceExecutor, logger: Logger, handlers: Handlers,
         services: ChannelServices = ChannelServices()) {
        self.channelID = channelID
        self.executor = executor
        self.logger = logger
        logSource = pluginID
        self.handlers = handlers
        self.services = services
        channelIDCopy = strdup(channelID)!
        table = .allocate(capacity: 1)
        var host = ABIStruct.sized(sb_host.self)
        host.abi_version = SB_ABI_VERSION
        host.channel_id = UnsafePointer(channelIDCopy)
        host.log = hostLogCallback
        host.deliver = hostDeliverCallback
        host.set_status = hostSetStatusCallback
        host.get_extension = hostGetExtensionCallback
        table.initialize(to: host)
        table.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        table.deallocate()
        free(channelIDCopy)
    }

    /// The table to hand to the plugin's `create()`.
    var hostTable: UnsafePointer<sb_host> { UnsafePointer(table) }

    /// Opens a run; call on the executor just before the plugin's `start()`.
    func beginRun() {
        run.withLock { run in
            run.generation += 1
            run.accepting = true
        }
    }

    /// Closes the run; call on the executor just before the plugin's `stop()`. Every
    /// delivery still unacknowledged is completed now with `SB_ERR_SHUTTING_DOWN`, as
    /// the header promises: not stored as far as the plugin knows, so the platform
    /// delivers it again and the inbox recognises the repeat.
    func endRun() {
        let unacknowledged = run.withLock { run in
            run.accepting = false
            defer { run.unacknowledged.removeAll() }
            return run.unacknowledged.sorted { $0.key < $1.key }.map(\.value)
        }
        services.ingress?.stopListening(channelID: channelID)
        resources.cancelAll()
        for ack in unacknowledged { ack.call(code: .shuttingDown, message: "the channel is stopping") }
    }

    /// Whether a run is open: services may be used.
    var isStarted: Bool {
        run.withLock { $0.accepting }
    }

    static func from(_ host: UnsafePointer<sb_host>?) -> HostBridge? {
        guard let data = host?.pointee.host_data else { return nil }
        return Unmanaged<HostBridge>.fromOpaque(data).takeUnretainedValue()
    }

    /// The bridge behind `host` while a run is open, for services that start something;
    /// otherwise fills `error` and returns nil.
    static func started(_ host: UnsafePointer<sb_host>?, error: UnsafeMutablePointer<sb_error>?) -> HostBridge? {
        guard let bridge = from(host) else {
            CText.fill(error, code: SB_ERR_INVALID_ARGUMENT, message: "host is not a host of this process")
            return nil
        }
        guard bridge.isStarted else {
            CText.fill(error, code: SB_ERR_NOT_CONNECTED, message: "the instance is not started")
            return nil
        }
        return bridge
    }

    fileprivate func log(level: Int32, message: String) {
        logger.log(level: Logger.Level(abiLevel: level), "\(message)", source: logSource)
    }

    fileprivate func deliver(_ pointer: UnsafePointer<sb_inbound_message>?, ack: DeliveryAck) {
        let delivery: Int? = run.withLock { run in
            guard run.accepting else { return nil }
            run.nextDelivery += 1
            run.unacknowledged[run.nextDelivery] = ack
            return run.nextDelivery
        }
        guard let delivery else {
            logger.warning("the plugin delivered a message while not started; it was not stored")
            return
        }
        let acknowledge: @Sendable (ResultCode, String?) -> Void = { [self] code, message in
            executor.queue.async { [self] in
                run.withLock { $0.unacknowledged.removeValue(forKey: delivery) }?.call(code: code, message: message)
            }
        }
        switch InboundMessage.read(pointer, channelID: channelID) {
        case let .success(message):
            handlers.deliver(message, acknowledge)
        case let .failure(invalid):
            logger.error("plugin delivered an invalid message: \(invalid.problem)")
            acknowledge(.invalidArgument, invalid.problem)
        }
    }

    fileprivate func setStatus(_ state: Int32, detail: String?) {
        guard let generation = run.withLock({ $0.accepting ? $0.generation : nil }) else {
            logger.debug("ignoring a status report made while not started", metadata: ["state": "\(state)"])
            return
        }
        executor.queue.async { [self] in
            guard run.withLock({ $0.accepting && $0.generation == generation }) else { return }
            handlers.status(state, detail)
        }
    }
}

/// Host-side diagnostics about plugins that have no channel to log under.
enum PluginDiagnostics {
    static let logger = Logger(label: "switchboard.plugins")
}

/// The plugin's `stored` callback and its user data, to be called on the executor.
private struct DeliveryAck: @unchecked Sendable {
    let callback: sb_deliver_callback?
    let userData: UnsafeMutableRawPointer?

    func call(code: ResultCode, message: String?) {
        guard let callback else { return }
        if let message {
            message.withCString { callback(userData, code.rawValue, $0) }
        } else {
            callback(userData, code.rawValue, nil)
        }
    }
}

// The C entry points of the sb_host table. [any-thread]

private let hostLogCallback: @convention(c) (UnsafePointer<sb_host>?, Int32, UnsafePointer<CChar>?) -> Void = {
    host, level, message in
    guard let bridge = HostBridge.from(host), let message else { return }
    bridge.log(level: level, message: String(cString: message))
}

private let hostDeliverCallback: @convention(c) (
    UnsafePointer<sb_host>?, UnsafePointer<sb_inbound_message>?, sb_deliver_callback?, UnsafeMutableRawPointer?
) -> Void = { host, message, stored, userData in
    guard let bridge = HostBridge.from(host) else { return }
    bridge.deliver(message, ack: DeliveryAck(callback: stored, userData: userData))
}

private let hostSetStatusCallback: @convention(c) (UnsafePointer<sb_host>?, Int32, UnsafePointer<CChar>?) -> Void = {
    host, state, detail in
    HostBridge.from(host)?.setStatus(state, detail: String(borrowing: detail))
}

private let hostGetExtensionCallback: @convention(c) (UnsafePointer<sb_host>?, UnsafePointer<CChar>?) -> UnsafeRawPointer? = {
    host, extensionID in
    guard let bridge = HostBridge.from(host), let extensionID else { return nil }
    switch String(cString: extensionID) {
    case SB_TIMER_EXTENSION_ID: return UnsafeRawPointer(hostTimerExtension)
    case SB_STATE_EXTENSION_ID where bridge.services.state != nil: return UnsafeRawPointer(hostStateExtension)
    case SB_HTTP_EXTENSION_ID: return UnsafeRawPointer(hostHTTPExtension)
    case SB_WEBSOCKET_EXTENSION_ID: return UnsafeRawPointer(hostWebSocketExtension)
    case SB_INGRESS_EXTENSION_ID where bridge.services.ingress != nil: return UnsafeRawPointer(hostIngressExtension)
    case let other:
        bridge.logger.debug("plugin asked for host extension \(other), which this host does not offer")
        return nil
    }
}

extension Logger.Level {
    /// The swift-log level of an `SB_LOG_*` value; unknown values count as errors.
    init(abiLevel: Int32) {
        switch abiLevel {
        case SB_LOG_TRACE: self = .trace
        case SB_LOG_DEBUG: self = .debug
        case SB_LOG_INFO: self = .info
        case SB_LOG_NOTICE: self = .notice
        case SB_LOG_WARNING: self = .warning
        case SB_LOG_CRITICAL: self = .critical
        default: self = .error
        }
    }
}

/// What is wrong with a message a plugin delivered.
struct InvalidInboundMessage: Error {
    let problem: String
}

extension InboundMessage {
    /// Reads and checks a message a plugin delivered; the failure says what is wrong.
    static func read(_ pointer: UnsafePointer<sb_inbound_message>?, channelID: String) -> Result<InboundMessage, InvalidInboundMessage> {
        guard let pointer else { return .failure(.init(problem: "message is NULL")) }
        let raw: sb_inbound_message
        do {
            raw = try ABIStruct.copy(sb_inbound_message.self, from: pointer, requiredSize: ABI10.inboundMessageSize)
        } catch {
            return .failure(.init(problem: "struct_size \(error.declaredSize) is below the \(error.requiredSize) bytes of ABI 1.0"))
        }
        guard let messageID = String(borrowing: raw.message_id), !messageID.isEmpty else { return .failure(.init(problem: "message_id is missing")) }
        guard let chatID = String(borrowing: raw.chat_id), !chatID.isEmpty else { return .failure(.init(problem: "chat_id is missing")) }
        guard let senderID = String(borrowing: raw.sender_id), !senderID.isEmpty else { return .failure(.init(problem: "sender_id is missing")) }
        guard let text = String(borrowing: raw.text) else { return .failure(.init(problem: "text is NULL")) }
        let chatType: ChatType
        switch raw.chat_type {
        case SB_CHAT_PRIVATE: chatType = .private
        case SB_CHAT_GROUP: chatType = .group
        default: return .failure(.init(problem: "chat_type \(raw.chat_type) is not SB_CHAT_PRIVATE or SB_CHAT_GROUP"))
        }
        return .success(InboundMessage(
            channelID: channelID, messageID: messageID, chatID: chatID, chatType: chatType,
            senderID: senderID, senderName: String(borrowing: raw.sender_name), text: text,
            mentionsBot: raw.mentions_bot != 0, replyToID: String(borrowing: raw.reply_to_id),
            threadID: String(borrowing: raw.thread_id), timestampMilliseconds: raw.timestamp_ms,
            rawJSON: String(borrowing: raw.raw_json)
        ))
    }
}
