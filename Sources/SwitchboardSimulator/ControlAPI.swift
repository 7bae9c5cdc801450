import Hummingbird

/// The HTTP API that scripts a running simulator from any language, under `/_sim/`:
///
/// - `GET /_sim/requests`: the request log as a JSON array (see `RecordedRequestJSON`).
/// - `POST /_sim/faults`: plans a fault (see `FaultJSON`); 204.
/// - `DELETE /_sim/faults`: clears every fault; 204.
/// - `POST /_sim/reset`: clears the log and the faults, drops every WebSocket, resets
///   the platform; 204.
/// - `GET /_sim/websockets`: the WebSocket sessions as a JSON array.
/// - `POST /_sim/websockets/{id}/send?type=text|binary`: sends the body as one frame
///   (default text); 204.
/// - `POST /_sim/websockets/{id}/close?code=N&reason=R`: starts the closing handshake; 204.
/// - `POST /_sim/websockets/{id}/drop`: closes the TCP connection; 204.
/// - `/_sim/<platform>/...`: the platform's own control routes.
struct ControlAPI {
    static let root = "/_sim"

    let server: SimulatorServer

    /// Whether `path` belongs to the control API (never recorded, never faulted).
    static func owns(_ path: String) -> Bool {
        path == root || path.hasPrefix(root + "/")
    }

    func addRoutes(to router: Router<SimulatorContext>) {
        let control = router.group(RouterPath(Self.root))
        control.get("requests") { _, _ in
            try Response.json(await server.requests.all.map(RecordedRequestJSON.init))
        }
        control.post("faults") { request, context in
            let fault = try await request.decode(as: FaultJSON.self, context: context).fault()
            server.faults.add(fault)
            return Response(status: .noContent)
        }
        control.delete("faults") { _, _ in
            server.faults.clear()
            return Response(status: .noContent)
        }
        control.post("reset") { _, _ in
            await server.reset()
            return Response(status: .noContent)
        }
        addWebSocketRoutes(to: control.group("websockets"))
    }

    private func addWebSocketRoutes(to group: RouterGroup<SimulatorContext>) {
        group.get { _, _ in
            var sessions: [WebSocketSessionJSON] = []
            for session in await server.webSockets.all { sessions.append(await WebSocketSessionJSON(session)) }
            return try Response.json(sessions)
        }
        group.post(":id/send") { request, context in
            let session = try await session(context)
            let payload = try await request.body.collect(upTo: context.maxUploadSize)
            switch request.uri.queryParameters["type"] ?? "text" {
            case "text": try await session.send(text: String(buffer: payload))
            case "binary": try await session.send(binary: Array(buffer: payload))
            default: throw HTTPError(.badRequest, message: "type must be text or binary")
            }
            return Response(status: .noContent)
        }
        group.post(":id/close") { request, context in
            guard let code = request.uri.queryParameters.get("code", as: Int.self), (1000...4999).contains(code) else {
                throw HTTPError(.badRequest, message: "code must be a close code, 1000 to 4999")
            }
            try await session(context).close(code: code, reason: request.uri.queryParameters["reason"].map(String.init))
            return Response(status: .noContent)
        }
        group.post(":id/drop") { _, context in
            try await session(context).drop()
            return Response(status: .noContent)
        }
    }

    private func session(_ context: SimulatorContext) async throws -> WebSocketSession {
        let id = try context.parameters.require("id", as: Int.self)
        guard let session = await server.webSockets.session(id: id) else {
            throw HTTPError(.notFound, message: "no WebSocket session \(id)")
        }
        return session
    }
}
