public import Hummingbird
import HummingbirdWebSocket

/// Where a platform adds its WebSocket endpoints. Each accepted connection becomes a
/// `WebSocketSession` in the server's `webSockets`, its upgrade request in `requests`.
public struct WebSocketRoutes {
    let router: Router<SimulatorContext>
    let sessions: WebSocketSessions
    let maxMessageSize: Int

    /// Accepts WebSocket connections on `path` (GET with an upgrade) and runs `handler`
    /// for each. `shouldAccept` may refuse one, given its upgrade request: the client
    /// then gets 400.
    public func add(
        _ path: RouterPath,
        shouldAccept: @escaping @Sendable (RecordedRequest) async throws -> Bool = { _ in true },
        handler: @escaping @Sendable (WebSocketSession) async throws -> Void
    ) {
        let sessions = sessions, maxMessageSize = maxMessageSize
        router.ws(path) { request, _ in
            try await shouldAccept(RecordedRequest(request, body: ByteBuffer())) ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { frames, outbound, context in
            let request = RecordedRequest(context.request, body: ByteBuffer())
            let session = await sessions.open(request: request, outbound: outbound, channel: context.requestContext.channel)
            await session.serve(frames, maxMessageSize: maxMessageSize, logger: context.logger, handler: handler)
        }
    }
}
