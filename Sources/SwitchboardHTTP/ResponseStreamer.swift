import Synchronization

/// Hands a response to an async caller as it arrives, for `HTTPClient.stream`: the
/// head through its completion, then the body as a stream of pieces.
final class ResponseStreamer: AwaitedTransferDelegate {
    typealias Body = AsyncThrowingStream<[UInt8], any Error>

    let completion = TransferCompletion<HTTPStreamingResponse>()
    /// The body for the response; nil once handed over, so that only the reader keeps it.
    private let body: Mutex<Body?>
    private let bodyContinuation: Body.Continuation

    /// - Parameter transfer: Cancelled when the body's reader stops listening.
    init(transfer: HTTPTransfer) {
        let (pieces, continuation) = Body.makeStream()
        continuation.onTermination = { termination in
            if case .cancelled = termination { transfer.cancelWithoutWaiting() }
        }
        let reader = BodyReader(pieces: pieces.makeAsyncIterator(), transfer: transfer)
        body = Mutex(Body { try await reader.next() })
        bodyContinuation = continuation
    }

    func transferDidReceiveHead(status: Int, headers: [(name: String, value: String)]) {
        guard let body = body.withLock({ $0.take() }) else { return }
        completion.complete(.success(HTTPStreamingResponse(status: status, headers: headers, body: body)))
    }

    func transferDidReceiveBody(_ bytes: UnsafeRawBufferPointer) {
        bodyContinuation.yield(Array(bytes))
    }

    /// Ends the response: the caller still waiting for the head gets the error, a reader
    /// of the body sees its end or the error.
    func transferDidFinish(_ outcome: Result<Void, HTTPClientError>) {
        switch outcome {
        case .success:
            bodyContinuation.finish()
        case .failure(let error):
            completion.complete(.failure(error))
            _ = body.withLock { $0.take() }
            bodyContinuation.finish(throwing: error)
        }
    }
}

/// Reads the body's pieces for its one reader; cancels the transfer when the reader lets
/// go of the body (and the transfer is still running).
private final class BodyReader: @unchecked Sendable {
    // Only the body's reader calls `next()`, one call at a time.
    private var pieces: AsyncThrowingStream<[UInt8], any Error>.Iterator
    private let transfer: HTTPTransfer

    init(pieces: AsyncThrowingStream<[UInt8], any Error>.Iterator, transfer: HTTPTransfer) {
        self.pieces = pieces
        self.transfer = transfer
    }

    deinit {
        transfer.cancelWithoutWaiting()
    }

    func next() async throws -> [UInt8]? {
        try await pieces.next()
    }
}
