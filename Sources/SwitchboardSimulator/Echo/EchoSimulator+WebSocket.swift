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
        routes.add("/ws/close", shouldAccept: { Self.closeCode(asked: $0) != nil }) { session in
            try await session.close(code: Self.closeCode(asked: session.request)!, reason: "closed by simulator")
        }
    }

    /// The close code `request` asks for: 1000 when it names none; nil when it is not
    /// one from 1000 to 4999.
    private static func closeCode(asked request: RecordedRequest) -> Int? {
        guard let text = request.queryValue("code") else { return 1000 }
        return Int(text).flatMap { (1000...4999).contains($0) ? $0 : nil }
    }
}
