import CSwitchboardABI
import Dispatch
import Logging
import Synchronization
import SwitchboardWebSocket

/// One connection of `switchboard.websocket/1`: takes the connection's events and hands
/// them to the plugin on the instance's executor.
final class PluginWebSocket: RunResource, WebSocketDelegate, @unchecked Sendable {
    private let id: UInt64
    private let handler: sb_websocket_handler
    private let userData: UnsafeMutableRawPointer?
    private let queue: DispatchQueue
    private weak var resources: RunResources?
    private let connection = Mutex<WebSocketConnection?>(nil)

    init(id: UInt64, handler: sb_websocket_handler, userData: UnsafeMutableRawPointer?, queue: DispatchQueue, resources: RunResources) {
        self.id = id
        self.handler = handler
        self.userData = userData
        self.queue = queue
        self.resources = resources
    }

    /// Starts connecting. [instance-executor]
    func open(_ options: WebSocketOptions, logger: Logger) {
        let opened = WebSocketConnection.open(options, logger: logger, delegate: self)
        connection.withLock { $0 = opened }
    }

    /// Queues a message; false when the connection is not open. [instance-executor]
    func send(_ payload: WebSocketPayload) -> Bool {
        connection.withLock { $0 }?.send(payload) ?? false
    }

    /// Closes with a code and reason; the plugin hears nothing more. [instance-executor]
    func close(code: Int, reason: String?) {
        takeConnection()?.close(code: code, reason: reason)
    }

    /// Lets go of the connection, which holds this object as its delegate.
    private func takeConnection() -> WebSocketConnection? {
        connection.withLock { connection in
            defer { connection = nil }
            return connection
        }
    }

    func cancel() {
        close(code: 1001, reason: "the channel is stopping")
    }

    func webSocketDidOpen() {
        resources?.whileLive(id, on: queue) { [self] in handler.on_open?(userData) }
    }

    func webSocketDidReceive(_ payload: WebSocketPayload) {
        resources?.whileLive(id, on: queue) { [self] in
            switch payload {
            case let .text(text):
                let bytes = Array(text.utf8)
                bytes.withUnsafeBufferPointer { handler.on_message?(userData, SB_WEBSOCKET_TEXT, $0.baseAddress, $0.count) }
            case let .binary(bytes):
                bytes.withUnsafeBufferPointer { handler.on_message?(userData, SB_WEBSOCKET_BINARY, $0.baseAddress, $0.count) }
            }
        }
    }

    func webSocketDidEnd(_ ending: WebSocketEnding) {
        _ = takeConnection()
        queue.async { [self] in
            guard resources?.remove(id, as: PluginWebSocket.self) != nil, let onClose = handler.on_close else { return }
            switch ending {
            case let .closed(code, _):
                onClose(userData, Int32(code), nil)
            case let .failed(failure):
                var error = ABIStruct.sized(sb_error.self)
                CText.fill(&error, code: failure.abiCode, message: failure.description)
                onClose(userData, 0, &error)
            }
        }
    }
}

extension WebSocketFailure {
    /// The `SB_ERR_*` code a plugin sees for this failure.
    var abiCode: Int32 {
        switch kind {
        case .invalidRequest, .protocolViolation: SB_ERR_INVALID_ARGUMENT
        case .messageTooLarge: SB_ERR_TOO_LARGE
        default: SB_ERR_TRANSIENT
        }
    }
}

/// Reads a plugin's `sb_websocket_options` with the channel's network settings.
private func readOptions(_ pointer: UnsafePointer<sb_websocket_options>?, network: ChannelNetwork) -> Result<WebSocketOptions, ServiceArgumentError> {
    guard let pointer,
          let raw = try? ABIStruct.copy(sb_websocket_options.self, from: pointer, requiredSize: ABIStruct.end(of: \sb_websocket_options.max_message_size))
    else { return .failure(.init("the options are NULL or smaller than ABI 1.0's sb_websocket_options")) }
    guard let url = String(borrowing: raw.url) else { return .failure(.init("url is missing")) }
    guard let headers = CText.headers(raw.headers, count: raw.header_count) else {
        return .failure(.init("headers holds a NULL name or value"))
    }
    var options = WebSocketOptions(url: url, headers: headers, proxy: network.proxy, caBundle: network.caBundle)
    if raw.ping_interval_ms > 0 { options.pingInterval = .milliseconds(raw.ping_interval_ms) }
    if raw.connect_timeout_ms > 0 { options.connectTimeout = .milliseconds(raw.connect_timeout_ms) }
    if raw.max_message_size > 0 { options.maxMessageSize = Int(raw.max_message_size) }
    return .success(options)
}

/// The `switchboard.websocket/1` table; lives until exit.
nonisolated(unsafe) let hostWebSocketExtension: UnsafeMutablePointer<sb_websocket_extension> = {
    var table = ABIStruct.sized(sb_websocket_extension.self)
    table.open = { host, optionsPointer, handlerPointer, userData, error in
        guard let bridge = HostBridge.started(host, error: error) else { return 0 }
        guard let handlerPointer,
              let handler = try? ABIStruct.copy(sb_websocket_handler.self, from: handlerPointer, requiredSize: ABIStruct.end(of: \sb_websocket_handler.on_close)),
              handler.on_open != nil, handler.on_message != nil, handler.on_close != nil
        else {
            CText.fill(error, code: SB_ERR_INVALID_ARGUMENT, message: "the handler is NULL, too small or lacks a function")
            return 0
        }
        let options: WebSocketOptions
        switch readOptions(optionsPointer, network: bridge.services.network) {
        case let .success(read): options = read
        case let .failure(problem):
            CText.fill(error, code: SB_ERR_INVALID_ARGUMENT, message: problem.message)
            return 0
        }
        let (id, socket) = bridge.resources.add { id in
            PluginWebSocket(id: id, handler: handler, userData: userData, queue: bridge.executor.queue, resources: bridge.resources)
        }
        socket.open(options, logger: bridge.logger)
        return id
    }
    table.send = { host, socketID, kind, data, size, error in
        guard let bridge = HostBridge.from(host) else { return SB_ERR_INVALID_ARGUMENT }
        let bytes = CText.bytes(data, count: size)
        let payload: WebSocketPayload
        switch kind {
        case SB_WEBSOCKET_TEXT:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                CText.fill(error, code: SB_ERR_INVALID_ARGUMENT, message: "text is not valid UTF-8")
                return SB_ERR_INVALID_ARGUMENT
            }
            payload = .text(text)
        case SB_WEBSOCKET_BINARY:
            payload = .binary(bytes)
        default:
            CText.fill(error, code: SB_ERR_INVALID_ARGUMENT, message: "kind \(kind) is not SB_WEBSOCKET_TEXT or SB_WEBSOCKET_BINARY")
            return SB_ERR_INVALID_ARGUMENT
        }
        guard bridge.resources.get(socketID, as: PluginWebSocket.self)?.send(payload) == true else {
            CText.fill(error, code: SB_ERR_NOT_CONNECTED, message: "the connection is not open")
            return SB_ERR_NOT_CONNECTED
        }
        return SB_OK
    }
    table.close = { host, socketID, code, reason in
        HostBridge.from(host)?.resources.remove(socketID, as: PluginWebSocket.self)?
            .close(code: Int(code), reason: String(borrowing: reason))
    }
    return .permanent(table)
}()
