public import CSwitchboardABI

/// The host as one provider instance sees it: logging, delivery of inbound messages,
/// status reports and host services. Valid until the instance is destroyed.
public struct ProviderHost: @unchecked Sendable {
    /// Log levels, in the order of `SB_LOG_*`.
    public enum LogLevel: Int32, Sendable {
        case trace = 0, debug, info, notice, warning, error, critical
    }

    /// Connection states to report, `SB_STATUS_*`.
    public enum Status: Sendable {
        case connecting, connected
        /// The link is lost; the host restarts the instance with backoff.
        case disconnected
        /// A permanent failure; the host stops the channel.
        case failed

        var abiValue: Int32 {
            switch self {
            case .connecting: SB_STATUS_CONNECTING
            case .connected: SB_STATUS_CONNECTED
            case .disconnected: SB_STATUS_DISCONNECTED
            case .failed: SB_STATUS_FAILED
            }
        }
    }

    /// What became of a delivered message.
    public enum DeliveryOutcome: Sendable, Equatable {
        /// Stored durably: acknowledge it to the platform now.
        case stored
        /// Stored before: acknowledge it and drop it.
        case duplicate
        /// Not stored: do not acknowledge, so the platform delivers it again.
        case rejected(code: Int32, message: String?)
    }

    /// The host's table, passed back to every host function.
    private let table: UnsafePointer<sb_host>
    /// The host's table as far as the host declared it.
    private let host: sb_host
    /// The host services' tables.
    let services: HostServiceTables
    /// The closures behind open requests, sockets and the ingress listener.
    let callbacks = ServiceCallbacks()

    init(_ table: UnsafePointer<sb_host>) throws(ProviderError) {
        guard let host = HostStructs.read(sb_host.self, from: table, requiredSize: HostStructs.end(of: \sb_host.get_extension)),
              host.log != nil, host.deliver != nil, host.set_status != nil, host.get_extension != nil, host.channel_id != nil
        else {
            throw .invalidArgument("the host's sb_host is smaller than ABI 1.0 requires or lacks a function")
        }
        self.table = table
        self.host = host
        services = HostServiceTables { id in id.withCString { host.get_extension(table, $0) } }
    }

    /// The host's table, to pass back to host service functions.
    var hostTable: UnsafePointer<sb_host> { table }

    /// The id of the channel this instance serves.
    public var channelID: String { String(cString: host.channel_id) }

    /// Writes a log line under the channel's label. [any-thread]
    public func log(_ level: LogLevel, _ message: String) {
        message.withCString { host.log(table, level.rawValue, $0) }
    }

    /// Reports the connection state. [any-thread]
    public func setStatus(_ status: Status, detail: String? = nil) {
        withOptionalCString(detail) { host.set_status(table, status.abiValue, $0) }
    }

    /// The host's table for a service, or nil when the host does not offer it. [any-thread]
    public func extensionTable(_ extensionID: String) -> UnsafeRawPointer? {
        extensionID.withCString { host.get_extension(table, $0) }
    }

    /// Hands on a message another component built in C, with its own callback (a
    /// test-control extension, say). [any-thread]
    public func deliver(raw message: UnsafePointer<sb_inbound_message>?, stored: sb_deliver_callback?, userData: UnsafeMutableRawPointer?) {
        host.deliver(table, message, stored, userData)
    }

    /// Hands a message to the host; `stored` is called once, on the instance's executor,
    /// after the host stored it (or decided not to). [any-thread]
    public func deliver(_ message: IncomingMessage, stored: @escaping (DeliveryOutcome) -> Void) {
        let box = Unmanaged.passRetained(DeliveryBox(stored)).toOpaque()
        withOptionalCString(message.senderName) { senderName in
            withOptionalCString(message.replyToID) { replyToID in
                withOptionalCString(message.threadID) { threadID in
                    withOptionalCString(message.rawJSON) { rawJSON in
                        message.messageID.withCString { messageID in
                            message.chatID.withCString { chatID in
                                message.senderID.withCString { senderID in
                                    message.text.withCString { text in
                                        var raw = sb_inbound_message()
                                        raw.struct_size = UInt32(MemoryLayout<sb_inbound_message>.size)
                                        raw.message_id = messageID
                                        raw.chat_id = chatID
                                        raw.chat_type = message.chatType == .private ? SB_CHAT_PRIVATE : SB_CHAT_GROUP
                                        raw.sender_id = senderID
                                        raw.sender_name = senderName
                                        raw.text = text
                                        raw.mentions_bot = message.mentionsBot ? 1 : 0
                                        raw.reply_to_id = replyToID
                                        raw.thread_id = threadID
                                        raw.timestamp_ms = message.timestampMilliseconds
                                        raw.raw_json = rawJSON
                                        host.deliver(table, &raw, deliveryCallback, box)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

private final class DeliveryBox {
    let stored: (ProviderHost.DeliveryOutcome) -> Void
    init(_ stored: @escaping (ProviderHost.DeliveryOutcome) -> Void) { self.stored = stored }
}

/// The `sb_deliver_callback` for deliveries made through `ProviderHost`. [instance-executor]
private let deliveryCallback: sb_deliver_callback = { userData, code, message in
    guard let userData else { return }
    let box = Unmanaged<DeliveryBox>.fromOpaque(userData).takeRetainedValue()
    switch code {
    case SB_OK: box.stored(.stored)
    case SB_ERR_DUPLICATE: box.stored(.duplicate)
    default: box.stored(.rejected(code: code, message: message.map { String(cString: $0) }))
    }
}
