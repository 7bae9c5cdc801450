extension EchoSimulator {
    public func addWebSocketRoutes(to routes: WebSocketRoutes) {
        routes.add("/ws/echo") { session in
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let interval = session.request.queryValue("ping_ms").flatMap(Int.init), interval > 0 {
                    group.addTask {
                        while true {
                            try await Task.sleep(for: .milliseconds(interval))
                            try await session.ping()
                        }
                    }
                }
                for await message in session.inbound {
                    try await session.send(message)
                }
                group.cancelAll()
            }
        }
        routes.add("/ws/close", shouldAccept: { request, _ in Self.closeCode(request.uri.queryParameters["code"].map(String.init)) != nil }) { session in
            try await session.close(code: Self.closeCode(session.request.queryValue("code"))!, reason: "closed by simulator")
        }
    }

    /// The close code asked for: absent means 1000; nil when not one from 1000 to 4999.
    private static func closeCode(_ text: String?) -> Int? {
        guard let text else { return 1000 }
        return Int(text).flatMap { (1000...4999).contains($0) ? $0 : nil }
    }
}
