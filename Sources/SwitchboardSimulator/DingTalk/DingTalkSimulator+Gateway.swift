import Hummingbird
import HummingbirdWebSocket

/// The stream gateway's WebSocket, `/connect?ticket=…`.
extension DingTalkSimulator {
    public func addWebSocketRoutes(to routes: WebSocketRoutes) {
        let state = state
        routes.add(
            "/connect",
            shouldAccept: { request in await state.acceptTicket(request.queryValue("ticket") ?? "") },
            handler: { session in await serveStream(session) }
        )
    }

    /// Registers the connection, writes what the state sends it, and hands the client's
    /// frames to the state, until the connection ends.
    private func serveStream(_ session: WebSocketSession) async {
        let (outbox, feed) = AsyncStream.makeStream(of: DingTalkState.Outgoing.self)
        guard await state.openConnection(session, ticket: session.request.queryValue("ticket") ?? "", outbox: feed) else {
            try? await session.close(code: 1008, reason: "invalid ticket")  // policy violation
            return
        }
        await connectionLog.append(session)
        await withDiscardingTaskGroup { group in
            group.addTask { await Self.write(outbox, to: session, disconnectGrace: settings.disconnectGrace) }
            for await message in session.inbound {
                guard case let .text(text) = message else { continue }
                if let entry = await state.receive(frame: text, from: session) { await activity.append(entry) }
            }
            group.cancelAll()
        }
        await state.connectionEnded(session)
    }

    /// Sends the outbox's frames in order; on `.closeAfterGrace`, closes the connection
    /// (1000) once the grace is over, unless the connection ends first.
    private static func write(
        _ outbox: AsyncStream<DingTalkState.Outgoing>, to session: WebSocketSession, disconnectGrace: Duration
    ) async {
        await withDiscardingTaskGroup { group in
            for await outgoing in outbox {
                switch outgoing {
                case let .text(text):
                    // A connection that failed is ended by its reader; its pushes are queued again.
                    try? await session.send(text: text)
                case .closeAfterGrace:
                    group.addTask {
                        do { try await Task.sleep(for: disconnectGrace) } catch { return }
                        try? await session.close(code: 1000, reason: nil)
                    }
                }
            }
        }
    }
}
