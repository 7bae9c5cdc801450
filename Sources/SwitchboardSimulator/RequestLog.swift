/// Every HTTP request a simulator received, WebSocket upgrades included and control
/// API requests (`/_sim/...`) excluded, oldest first.
///
/// ```swift
/// let sent = try await server.requests.first { $0.path == "/bot1/sendMessage" }
/// ```
public typealias RequestLog = AwaitableLog<RecordedRequest>
