import SwitchboardCore

/// Where an agent yields the events of a turn.
typealias AgentEventContinuation = AsyncThrowingStream<AgentEvent, any Error>.Continuation

extension AsyncThrowingStream where Element == AgentEvent, Failure == any Error {
    /// The events `produce` yields, produced in a task of their own that is cancelled
    /// when the consumer stops listening. The stream ends when `produce` returns, and
    /// throws what it throws.
    static func produced(by produce: @escaping @Sendable (Continuation) async throws -> Void) -> Self {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await produce(continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
