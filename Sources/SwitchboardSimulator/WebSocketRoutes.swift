public import Hummingbird
import HummingbirdWebSocket

/// Where a platform adds its WebSocket endpoints. Each accepted connection becomes a
/// `WebSocketSession` in the server's `webSockets`, its upgrade request in `requests`.
public struct WebSocketRoutes {
    let router: Router<SimulatorContext>
    let sessions: WebSocketSessions
    let maxMessageSize: Int

    /// Accepts WebSocket connections on `path` (GET with an upgrade) and runs `handler`
    /// for each. `shouldAccept` may refuse one: the client then gets 400.
    public func add(
        _ path: RouterPath,
        shouldAccept: @escaping @Sendable (Request, SimulatorContext) async throws -> Bool = { _, _ in true },
        handler: @escaping @Sendable (WebSocketSession) async throws -> Void
    ) {
        let sessions = sessions, maxMessageSize = maxMessageSize
        router.ws(path) { request, context in
            try await shouldAccept(request, context) ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { frames, outbound, context in
            let request = RecordedRequest(context.request, body: ByteBuffer())
            let session = await sessions.open(request: request, outbound: outbound, channel: context.requestContext.channel)
            await session.serve(frames, maxMessageSize: maxMessageSize, logger: context.logger, handler: handler)
        }
    }
}
