public import Logging
import HTTPTypes
import NIOCore
import NIOSSL
import NIOWebSocket
import Synchronization
import WSClient

/// A WebSocket client connection (ws:// or wss://, TLS verified) that reports its events
/// to a delegate: the callback shape the host needs to serve `switchboard.websocket/1`.
public final class WebSocketConnection: Sendable {
    private enum Command: Sendable {
        case send(WebSocketPayload)
        case close(code: Int, reason: String?)
    }

    private enum Phase {
        case connecting, open, ended
    }

    private let phase = Mutex(Phase.connecting)
    private let commands: AsyncStream<Command>.Continuation
    private let delegate: any WebSocketDelegate
    private let options: WebSocketOptions
    private let server: String

    /// Starts connecting; the delegate hears the outcome.
    public static func open(_ options: WebSocketOptions, logger: Logger, delegate: any WebSocketDelegate) -> WebSocketConnection {
        let (stream, continuation) = AsyncStream<Command>.makeStream()
        let connection = WebSocketConnection(options: options, commands: continuation, delegate: delegate)
        connection.run(commands: stream, logger: logger)
        return connection
    }

    private init(options: WebSocketOptions, commands: AsyncStream<Command>.Continuation, delegate: any WebSocketDelegate) {
        self.options = options
        self.commands = commands
        self.delegate = delegate
        server = WebSocketURL.server(of: options.url)
    }

    /// Queues a message; false when the connection is not open. [any-thread]
    public func send(_ payload: WebSocketPayload) -> Bool {
        guard phase.withLock({ $0 == .open }) else { return false }
        commands.yield(.send(payload))
        return true
    }

    /// Closes the connection with `code` and `reason`; the delegate hears nothing more,
    /// except a call already under way. [any-thread]
    public func close(code: Int = 1000, reason: String? = nil) {
        let wasOpen = phase.withLock { phase in
            defer { phase = .ended }
            return phase == .open
        }
        if wasOpen { commands.yield(.close(code: code, reason: reason)) }
        commands.finish()
    }

    private func run(commands: AsyncStream<Command>, logger: Logger) {
        let client: WebSocketClient
        do {
            client = try makeClient(commands: commands, logger: logger)
        } catch {
            end(.failed(error))
            return
        }
        let connecting = Task {
            do {
                let closeFrame = try await client.run()
                if let closeFrame {
                    end(.closed(code: Int(UInt16(webSocketErrorCode: closeFrame.closeCode)), reason: closeFrame.reason))
                } else {
                    end(.failed(failure(.dropped, "the connection ended without a close frame: dropped, pings unanswered, or frames that are not WebSocket")))
                }
            } catch {
                end(.failed(failure(describing: error)))
            }
        }
        let timeout = options.connectTimeout
        Task {
            try? await Task.sleep(for: timeout)
            guard phase.withLock({ $0 == .connecting }) else { return }
            end(.failed(failure(.connectFailed, "no connection within \(timeout)")))
            connecting.cancel()
        }
    }

    private func makeClient(commands: AsyncStream<Command>, logger: Logger) throws(WebSocketFailure) -> WebSocketClient {
        guard WebSocketURL.isWebSocket(options.url) else {
            throw failure(.invalidRequest, "not a ws:// or wss:// URL")
        }
        var headers = HTTPFields()
        for field in options.headers {
            guard let name = HTTPField.Name(field.name), !field.value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw failure(.invalidRequest, "header field \(field.name) cannot be sent")
            }
            headers.append(HTTPField(name: name, value: field.value))
        }
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: options.maxMessageSize,
            additionalHeaders: headers,
            closeTimeout: .seconds(1),
            autoPing: options.pingInterval.map { .enabled(timePeriod: $0) } ?? .disabled,
            validateUTF8: true
        )
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caBundle = options.caBundle { tls.trustRoots = .file(caBundle) }
        let handler: WebSocketDataHandler<WebSocketClient.Context> = { [self] inbound, outbound, _ in
            try await serve(inbound: inbound, outbound: outbound, commands: commands)
        }
        switch try WebSocketURL.proxySettings(options.proxy) {
        case .some(let proxy):
            return WebSocketClient(url: options.url, configuration: configuration, tlsConfiguration: tls,
                                   proxySettings: proxy, logger: logger, handler: handler)
        case .none:
            return WebSocketClient(url: options.url, configuration: configuration, tlsConfiguration: tls,
                                   logger: logger, handler: handler)
        }
    }

    /// Runs an open connection: hands inbound messages to the delegate, writes queued ones.
    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                       commands: AsyncStream<Command>) async throws {
        guard phase.withLock({ phase in
            guard phase == .connecting else { return false }
            phase = .open
            return true
        }) else { return }
        delegate.webSocketDidOpen()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await command in commands {
                    switch command {
                    case .send(.text(let text)): try await outbound.write(.text(text))
                    case .send(.binary(let bytes)): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                    case .close(let code, let reason):
                        try await outbound.close(WebSocketErrorCode(codeNumber: code), reason: reason)
                        return
                    }
                }
            }
            for try await message in inbound.messages(maxSize: options.maxMessageSize) {
                guard phase.withLock({ $0 == .open }) else { break }
                switch message {
                case .text(let text): delegate.webSocketDidReceive(.text(text))
                case .binary(let buffer): delegate.webSocketDidReceive(.binary(Array(buffer: buffer)))
                }
            }
            group.cancelAll()
        }
    }

    /// Reports the end, unless it was reported already or `close()` came first.
    private func end(_ ending: WebSocketEnding) {
        let isFirst = phase.withLock { phase in
            defer { phase = .ended }
            return phase != .ended
        }
        commands.finish()
        if isFirst { delegate.webSocketDidEnd(ending) }
    }

    private func failure(_ kind: WebSocketFailure.Kind, _ reason: String) -> WebSocketFailure {
        WebSocketFailure(kind, server: server, reason: reason)
    }

    /// A failure for an error the client threw, in words an operator can act on.
    private func failure(describing error: any Error) -> WebSocketFailure {
        let wasOpen = phase.withLock { $0 != .connecting }
        switch error {
        case let error as WebSocketClientError where error == .serverSentMessageTooLarge:
            return failure(.messageTooLarge, "the server sent a message over \(options.maxMessageSize) bytes")
        case let error as WebSocketClientError where error == .serverProtocolError || error == .serverSentDataInconsistentWithMessage:
            return failure(.protocolViolation, "the server broke the WebSocket protocol (\(error))")
        case let error as WebSocketClientError where error == .webSocketUpgradeFailed:
            return failure(.connectFailed, "the server refused the WebSocket handshake")
        case NIOWebSocketError.invalidFrameLength:
            return failure(.messageTooLarge, "the server sent a message over \(options.maxMessageSize) bytes")
        case let error as NIOWebSocketError:
            return failure(.protocolViolation, "the server sent an invalid frame (\(error))")
        case let error as NIOSSLError:
            return failure(.connectFailed, "TLS failed: \(error)")
        default:
            return failure(wasOpen ? .dropped : .connectFailed, "\(error)")
        }
    }
}
