import Hummingbird
import ServiceLifecycle

extension Request {
    /// The answer `makeAnswer` gives, cancelled when the client closes the connection or
    /// the server shuts down (a long poll, say). The connection closes once the answer is
    /// sent, and the answer says so (`Connection: close`): otherwise a client may send its
    /// next request on the closing connection and lose it. The body must not have been
    /// edited except by `collectBody` (as `RequestRecorder` does).
    func answeringUnlessHungUp(_ makeAnswer: @escaping @Sendable () async throws -> Response) async throws -> Response {
        var answer = try await cancellingOnHangUp(makeAnswer)
        answer.headers[.connection] = "close"
        return answer
    }

    /// Runs `operation`, cancelling it when the client closes the connection or the
    /// server shuts down.
    private func cancellingOnHangUp<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await body.consumeWithCancellationOnInboundClose { _ in
            try await cancelWhenGracefulShutdown(operation)
        }
    }

    /// Returns only by throwing, once the client has closed the connection (or the
    /// server shuts down).
    func waitForClientToHangUp() async throws -> Never {
        try await cancellingOnHangUp {
            // "Forever": cancelled when the client hangs up, long before this ends.
            try await Task.sleep(for: .seconds(365 * 24 * 3600))
        }
        throw CancellationError()
    }
}
