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
    /// The client's run, cancelled when the connection is given up before it opened.
    private let connecting = Mutex<Task<Void, Never>?>(nil)
    private let commands: AsyncStream<Command>.Continuation
    /// Let go of when the connection ends, so that neither keeps the other alive.
    private let delegate: Mutex<(any WebSocketDelegate)?>
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
        self.delegate = Mutex(delegate)
        server = WebSocketURL.server(of: options.url)
    }

    /// Queues a message; false when the connection is not open. [any-thread]
    public func send(_ payload: WebSocketPayload) -> Bool {
        guard phase.withLock({ $0 == .open }) else { return false }
        commands.yield(.send(payload))
        return true
    }

    /// Closes the connection with `code` (one a peer accepts, else 1000) and `reason`
    /// (cut to the 123 bytes a close frame holds); the delegate hears nothing more,
    /// except a call already under way. [any-thread]
    public func close(code: Int = 1000, reason: String? = nil) {
        let previous = phase.withLock { phase in
            defer { phase = .ended }
            return phase
        }
        switch previous {
        case .open: commands.yield(.close(code: Self.sendableCloseCode(code), reason: reason.map(Self.closeReason)))
        case .connecting: connecting.withLock { $0 }?.cancel()
        case .ended: break
        }
        commands.finish()
        delegate.withLock { $0 = nil }
    }

    /// `code` when a peer accepts it in a close frame (RFC 6455 §7.4), else 1000.
    static func sendableCloseCode(_ code: Int) -> Int {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: code
        default: 1000
        }
    }

    /// The longest prefix of `reason` that fits a close frame, whole characters only.
    static func closeReason(_ reason: String) -> String {
        var fitting = ""
        for character in reason {
            guard fitting.utf8.count + character.utf8.count <= 123 else { break }
            fitting.append(character)
        }
        return fitting
    }

    private func run(commands: AsyncStream<Command>, logger: Logger) {
        let client: WebSocketClient
        do {
            client = try makeClient(commands: commands, logger: logger)
        } catch {
            end(.failed(error))
            return
        }
        let run = Task {
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
        connecting.withLock { $0 = run }
        let timeout = options.connectTimeout
        Task {
            try? await Task.sleep(for: timeout)
            // swift-websocket 1.6.2 does not give up a handshake the peer never answers,
            // even when cancelled; the connection is reported failed regardless.
            if end(.failed(failure(.connectFailed, "no connection within \(timeout)")), onlyIf: .connecting) { run.cancel() }
        }
    }

    private func makeClient(commands: AsyncStream<Command>, logger: Logger) throws(WebSocketFailure) -> WebSocketClient {
        guard WebSocketURL.isWebSocket(options.url) else {
            throw failure(.invalidRequest, "not a ws:// or wss:// URL")
        }
        var headers = HTTPFields()
        for field in options.headers {
            guard let name = HTTPField.Name(field.name), !field.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
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
        delegate.withLock { $0 }?.webSocketDidOpen()
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
                case .text(let text): delegate.withLock { $0 }?.webSocketDidReceive(.text(text))
                case .binary(let buffer): delegate.withLock { $0 }?.webSocketDidReceive(.binary(Array(buffer: buffer)))
                }
            }
            group.cancelAll()
        }
    }

    /// Reports the end, unless it was reported already or `close()` came first, or the
    /// connection is no longer in phase `required`. Returns whether it reported.
    @discardableResult
    private func end(_ ending: WebSocketEnding, onlyIf required: Phase? = nil) -> Bool {
        let reports = phase.withLock { phase in
            guard phase != .ended, required.map({ $0 == phase }) ?? true else { return false }
            phase = .ended
            return true
        }
        guard reports else { return false }
        commands.finish()
        let delegate = delegate.withLock { delegate in
            defer { delegate = nil }
            return delegate
        }
        delegate?.webSocketDidEnd(ending)
        return true
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
