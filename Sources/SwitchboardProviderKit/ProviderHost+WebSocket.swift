import CSwitchboardABI

/// One message of a WebSocket connection opened through the host.
public enum HostWebSocketMessage: Equatable {
    case text(String)
    case binary([UInt8])
}

/// How a WebSocket connection opened through the host ended.
public enum HostWebSocketEnding {
    /// The peer closed it with this code.
    case closed(code: Int32)
    /// It failed; the error says how.
    case failed(HostServiceError)
}

/// What a provider does with a connection's events, on the instance's executor.
public struct HostWebSocketHandler {
    public var onOpen: () -> Void
    public var onMessage: (HostWebSocketMessage) -> Void
    /// Once, last, unless the provider closed the connection itself.
    public var onClose: (HostWebSocketEnding) -> Void

    public init(onOpen: @escaping () -> Void, onMessage: @escaping (HostWebSocketMessage) -> Void,
                onClose: @escaping (HostWebSocketEnding) -> Void) {
        self.onOpen = onOpen
        self.onMessage = onMessage
        self.onClose = onClose
    }
}

extension ProviderHost {
    /// Opens a WebSocket connection through the host (`switchboard.websocket/1`).
    /// Returns its id. [instance-executor]
    public func openWebSocket(url: String, headers: [(name: String, value: String)] = [], pingInterval: Duration? = nil,
                              maxMessageSize: Int? = nil, handler: HostWebSocketHandler) throws(HostServiceError) -> UInt64 {
        guard let open = services.webSocket?.open else { throw .unavailable(SB_WEBSOCKET_EXTENSION_ID) }
        let box = WebSocketBox(handler: handler, callbacks: callbacks)
        var table = sb_websocket_handler()
        table.struct_size = UInt32(MemoryLayout<sb_websocket_handler>.size)
        table.on_open = { userData in callbackBox(userData, as: WebSocketBox.self)?.handler.onOpen() }
        table.on_message = { userData, kind, data, size in
            let bytes = readBytes(data, count: size)
            let message: HostWebSocketMessage = kind == SB_WEBSOCKET_TEXT ? .text(String(decoding: bytes, as: UTF8.self)) : .binary(bytes)
            callbackBox(userData, as: WebSocketBox.self)?.handler.onMessage(message)
        }
        table.on_close = { userData, code, error in
            guard let box = callbackBox(userData, as: WebSocketBox.self) else { return }
            box.release()
            box.handler.onClose(error.map { .failed(HostServiceError($0.pointee)) } ?? .closed(code: code))
        }
        var failure = sb_error()
        failure.struct_size = UInt32(MemoryLayout<sb_error>.size)
        let id = withHeaderPairs(headers) { pairs, count in
            url.withCString { url in
                var options = sb_websocket_options()
                options.struct_size = UInt32(MemoryLayout<sb_websocket_options>.size)
                options.url = url
                options.headers = pairs
                options.header_count = count
                options.ping_interval_ms = UInt32(clamping: pingInterval?.wholeMilliseconds ?? 0)
                options.max_message_size = UInt32(clamping: maxMessageSize ?? 0)
                return open(hostTable, &options, &table, userData(of: box), &failure)
            }
        }
        guard id != 0 else { throw HostServiceError(failure) }
        box.keep(as: id)
        return id
    }

    /// Queues a message on an open connection. [instance-executor]
    public func send(_ message: HostWebSocketMessage, onWebSocket id: UInt64) throws(HostServiceError) {
        guard let send = services.webSocket?.send else { throw .unavailable(SB_WEBSOCKET_EXTENSION_ID) }
        var failure = sb_error()
        failure.struct_size = UInt32(MemoryLayout<sb_error>.size)
        let bytes: [UInt8]
        let kind: Int32
        switch message {
        case let .text(text): (bytes, kind) = (Array(text.utf8), SB_WEBSOCKET_TEXT)
        case let .binary(data): (bytes, kind) = (data, SB_WEBSOCKET_BINARY)
        }
        let code = bytes.withUnsafeBufferPointer { send(hostTable, id, kind, $0.baseAddress, $0.count, &failure) }
        guard code == SB_OK else { throw HostServiceError(failure) }
    }

    /// Closes a connection; its handler hears nothing more. [instance-executor]
    public func closeWebSocket(_ id: UInt64, code: Int32 = 1000, reason: String? = nil) {
        withOptionalCString(reason) { services.webSocket?.close?(hostTable, id, code, $0) }
        callbacks.drop(id)
    }
}

private final class WebSocketBox: ServiceCallbackBox {
    let handler: HostWebSocketHandler

    init(handler: HostWebSocketHandler, callbacks: ServiceCallbacks) {
        self.handler = handler
        super.init(callbacks: callbacks)
    }
}
