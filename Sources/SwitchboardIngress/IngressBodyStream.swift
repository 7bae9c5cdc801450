import Synchronization

/// The rest of a response body that a channel writes piece by piece (server-sent
/// events, say), from any thread, while the server sends it to the client.
///
/// The writer never waits: pieces queue here until the connection takes them. A client
/// that falls more than `bufferLimit` bytes behind has its response ended, so a slow
/// reader cannot hold the host's memory.
public final class IngressBodyStream: Sendable {
    /// What became of a write.
    public enum WriteOutcome: Sendable, Equatable {
        /// Queued for the client.
        case queued
        /// The client has gone, or the stream was finished: nothing more is sent.
        case closed
        /// The client read too slowly; the response has been ended.
        case overflowed
    }

    private struct State {
        var pieces: [[UInt8]] = []
        var queuedBytes = 0
        /// The writer is done: the client gets what is queued, then the end.
        var isFinished = false
        /// Nothing more is sent: the client has gone or overflowed.
        var isClosed = false
        /// The writer got too far ahead: the response is cut off, not ended.
        var overflowed = false
        var reader: CheckedContinuation<[UInt8]?, Never>?

        /// Nothing more is sent; returns the reader waiting, if any, for its nil.
        mutating func close() -> CheckedContinuation<[UInt8]?, Never>? {
            isClosed = true
            pieces.removeAll()
            queuedBytes = 0
            return reader.take()
        }
    }

    /// The most bytes that may wait for the client.
    public static let bufferLimit = 1 << 20
    private let state = Mutex(State())

    public init() {}

    /// Queues `bytes` for the client. [any-thread]
    public func write(_ bytes: [UInt8]) -> WriteOutcome {
        guard !bytes.isEmpty else { return state.withLock { $0.isClosed || $0.isFinished ? .closed : .queued } }
        let (outcome, reader) = state.withLock { state -> (WriteOutcome, CheckedContinuation<[UInt8]?, Never>?) in
            guard !state.isClosed, !state.isFinished else { return (.closed, nil) }
            if let reader = state.reader {
                state.reader = nil
                return (.queued, reader)
            }
            guard state.queuedBytes + bytes.count <= Self.bufferLimit else {
                state.overflowed = true
                _ = state.close()  // no reader waits: it would have taken the bytes above
                return (.overflowed, nil)
            }
            state.pieces.append(bytes)
            state.queuedBytes += bytes.count
            return (.queued, nil)
        }
        reader?.resume(returning: outcome == .queued ? bytes : nil)
        return outcome
    }

    /// Ends the body once the queued pieces have gone out. [any-thread]
    public func finish() {
        let reader = state.withLock { state -> CheckedContinuation<[UInt8]?, Never>? in
            state.isFinished = true
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume(returning: nil)
    }

    /// Whether the response was cut off because the client read too slowly.
    var wasCutOff: Bool {
        state.withLock { $0.overflowed }
    }

    /// The next piece for the client; nil at the end. One reader at a time; returns nil
    /// when the reading task is cancelled.
    func next() async -> [UInt8]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> [UInt8]?? in
                    if !state.pieces.isEmpty {
                        let piece = state.pieces.removeFirst()
                        state.queuedBytes -= piece.count
                        return .some(piece)
                    }
                    if state.isClosed || state.isFinished || Task.isCancelled { return .some(nil) }
                    state.reader = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            clientGone()
        }
    }

    /// The connection ended: later writes report `.closed`. [any-thread]
    func clientGone() {
        state.withLock { $0.close() }?.resume(returning: nil)
    }
}

/// The connection's hold on an `IngressBodyStream`: when the response is dropped without
/// its body being written (the client left before the head went out, or the answer came
/// too late), the stream learns that no one reads it.
final class IngressStreamLease: Sendable {
    let stream: IngressBodyStream

    init(_ stream: IngressBodyStream) {
        self.stream = stream
    }

    deinit {
        stream.clientGone()
    }
}
