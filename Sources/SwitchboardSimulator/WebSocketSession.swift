public import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// One WebSocket connection to a simulator. The platform's handler talks through it;
/// tests use it to push frames, read what the client sent, close or drop it.
///
/// The connection lasts until the client closes it or `close`/`drop` is called; the
/// platform's handler returning does not end it.
public final class WebSocketSession: Sendable {
    /// Unique among the sessions of one server.
    public let id: Int
    /// The upgrade request that opened the connection.
    public let request: RecordedRequest
    /// Every message the client sent, oldest first.
    public let received = AwaitableLog<WebSocketMessage>()
    /// The client's messages, for the platform's handler (a single reader). Ends when
    /// the connection does.
    public let inbound: AsyncStream<WebSocketMessage>

    private let inboundFeed: AsyncStream<WebSocketMessage>.Continuation
    private let outbound: WebSocketOutboundWriter
    private let channel: any Channel
    private let connected = Atomic<Bool>(true)

    init(id: Int, request: RecordedRequest, outbound: WebSocketOutboundWriter, channel: any Channel) {
        self.id = id
        self.request = request
        self.outbound = outbound
        self.channel = channel
        (inbound, inboundFeed) = AsyncStream.makeStream()
    }

    /// Whether the connection is still up.
    public var isOpen: Bool { connected.load(ordering: .relaxed) }

    /// Sends `message` as one text or binary frame.
    public func send(_ message: WebSocketMessage) async throws {
        switch message {
        case let .text(text): try await outbound.write(.text(text))
        case let .binary(bytes): try await outbound.write(.binary(bytes))
        }
    }

    /// Sends a text frame.
    public func send(text: String) async throws {
        try await send(.text(text))
    }

    /// Sends a binary frame.
    public func send(binary: [UInt8]) async throws {
        try await send(.binary(ByteBuffer(bytes: binary)))
    }

    /// Sends a ping frame (the client answers with a pong).
    public func ping() async throws {
        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer())))
    }

    /// Starts the closing handshake with `code` and `reason`; the session ends when
    /// the client answers.
    public func close(code: Int, reason: String? = nil) async throws {
        try await outbound.close(WebSocketErrorCode(codeNumber: code), reason: reason)
    }

    /// Closes the TCP connection without a closing handshake, as a network failure would.
    public func drop() async {
        try? await channel.close()
    }

    /// Runs `handler` for this session while recording the client's messages, until
    /// the connection ends.
    func serve(
        _ frames: WebSocketInboundStream,
        maxMessageSize: Int,
        logger: Logger,
        handler: @escaping @Sendable (WebSocketSession) async throws -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await handler(self)
                } catch is CancellationError {
                } catch {
                    logger.warning("WebSocket handler for \(self.request.path) failed: \(error)")
                    try? await self.close(code: 1011, reason: nil)  // unexpected condition
                }
            }
            do {
                for try await message in frames.messages(maxSize: maxMessageSize) {
                    await received.append(message)
                    inboundFeed.yield(message)
                }
            } catch {
                logger.debug("WebSocket \(id) ended: \(error)")
            }
            connected.store(false, ordering: .relaxed)
            inboundFeed.finish()
            group.cancelAll()
        }
    }
}
