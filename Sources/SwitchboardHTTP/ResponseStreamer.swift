/// Hands a response to an async caller as it arrives, for `HTTPClient.stream`: the
/// head through a continuation, then the body as a stream of pieces.
final class ResponseStreamer: ResponseReceiver {
    typealias HeadContinuation = CheckedContinuation<Result<HTTPStreamingResponse, HTTPClientError>, Never>

    /// Waits for the head; nil once resumed.
    private var head: HeadContinuation?
    /// The body for the response; nil once handed over, so that only the reader keeps it.
    private var body: AsyncThrowingStream<[UInt8], any Error>?
    private let bodyContinuation: AsyncThrowingStream<[UInt8], any Error>.Continuation

    /// - Parameter cancellation: Cancelled when the body's reader stops listening.
    init(head: HeadContinuation, cancellation: TransferCancellation) {
        self.head = head
        let (pieces, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        continuation.onTermination = { termination in
            if case .cancelled = termination { cancellation.cancel() }
        }
        let reader = BodyReader(pieces: pieces.makeAsyncIterator(), cancellation: cancellation)
        body = AsyncThrowingStream { try await reader.next() }
        bodyContinuation = continuation
    }

    func receiveHead(status: Int, headers: [(name: String, value: String)]) {
        guard let head, let body else { return }
        head.resume(returning: .success(HTTPStreamingResponse(status: status, headers: headers, body: body)))
        (self.head, self.body) = (nil, nil)
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) {
        bodyContinuation.yield(Array(bytes))
    }

    /// Ends the response with the transfer's outcome: the caller still waiting for the
    /// head gets the error, a reader of the body sees its end or the error.
    func finish(_ outcome: Result<Void, HTTPClientError>) {
        switch outcome {
        case .success:
            bodyContinuation.finish()
        case .failure(let error):
            head?.resume(returning: .failure(error))
            (head, body) = (nil, nil)
            bodyContinuation.finish(throwing: error)
        }
    }
}

/// Reads the body's pieces for its one reader; cancels the transfer when the reader lets
/// go of the body (and the transfer is still running).
private final class BodyReader: @unchecked Sendable {
    // Only the body's reader calls `next()`, one call at a time.
    private var pieces: AsyncThrowingStream<[UInt8], any Error>.Iterator
    private let cancellation: TransferCancellation

    init(pieces: AsyncThrowingStream<[UInt8], any Error>.Iterator, cancellation: TransferCancellation) {
        self.pieces = pieces
        self.cancellation = cancellation
    }

    deinit {
        cancellation.cancel()
    }

    func next() async throws -> [UInt8]? {
        try await pieces.next()
    }
}
