import Hummingbird
import ServiceLifecycle

extension Request {
    /// Runs `operation`, cancelling it when the client closes the connection or the
    /// server shuts down; the connection closes once the answer is sent, so answer
    /// with `closingConnection()`. The body must
    /// not have been edited except by `collectBody` (as `RequestRecorder` does).
    func cancellingOnHangUp<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
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

extension Response {
    /// The response with `Connection: close`, for answers after which the server
    /// closes the connection (those of `cancellingOnHangUp`): without it a client
    /// may send its next request on the closing connection and lose it.
    func closingConnection() -> Response {
        var response = self
        response.headers[.connection] = "close"
        return response
    }
}
