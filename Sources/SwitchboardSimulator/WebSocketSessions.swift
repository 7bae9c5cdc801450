import HummingbirdWebSocket
import NIOCore
import Synchronization

/// Every WebSocket connection a simulator accepted, oldest first.
///
/// ```swift
/// let session = try await server.webSockets.first { $0.request.path == "/gateway" }
/// try await session.send(text: #"{"op":10}"#)
/// ```
public final class WebSocketSessions: Sendable {
    private let sessions = AwaitableLog<WebSocketSession>()
    private let lastID = Atomic<Int>(0)

    init() {}

    /// Every session, open or closed.
    public var all: [WebSocketSession] {
        get async { await sessions.all }
    }

    /// The session numbered `id`, if any.
    public func session(id: Int) async -> WebSocketSession? {
        await sessions.all.first { $0.id == id }
    }

    /// The first `count` sessions matching `predicate`, waiting until they have connected.
    public func wait(
        for count: Int = 1,
        where predicate: @escaping @Sendable (WebSocketSession) -> Bool = { _ in true }
    ) async throws -> [WebSocketSession] {
        try await sessions.wait(for: count, where: predicate)
    }

    /// The first session matching `predicate`, waiting until it has connected.
    public func first(
        where predicate: @escaping @Sendable (WebSocketSession) -> Bool = { _ in true }
    ) async throws -> WebSocketSession {
        try await sessions.first(where: predicate)
    }

    /// Registers a new connection.
    func open(request: RecordedRequest, outbound: WebSocketOutboundWriter, channel: any Channel) async -> WebSocketSession {
        let id = lastID.add(1, ordering: .relaxed).newValue
        let session = WebSocketSession(id: id, request: request, outbound: outbound, channel: channel)
        await sessions.append(session)
        return session
    }

    /// Drops every open connection and forgets every session.
    func reset() async {
        for session in await sessions.all where session.isOpen {
            await session.drop()
        }
        await sessions.removeAll()
    }
}
