import Synchronization

/// The result a task awaits from a transfer, set once by whichever comes first: the
/// transfer, from the loop's thread, or the task's cancellation.
final class TransferCompletion<Value: Sendable>: Sendable {
    typealias Outcome = Result<Value, HTTPClientError>

    private enum State {
        case waiting(CheckedContinuation<Outcome, Never>?)
        case ready(Outcome)
        /// Handed to the task, and no longer kept: a streamed body must belong to its
        /// reader alone.
        case taken
    }

    private let state = Mutex(State.waiting(nil))

    /// Sets the result, unless it is set already.
    func complete(_ outcome: Outcome) {
        let waiter = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            switch state {
            case .waiting(nil):
                state = .ready(outcome)
                return nil
            case .waiting(let waiter?):
                state = .taken
                return waiter
            case .ready, .taken:
                return nil
            }
        }
        waiter?.resume(returning: outcome)
    }

    /// The result, once it is set. For one task.
    var outcome: Outcome {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Outcome? = state.withLock { state in
                    guard case .ready(let outcome) = state else {
                        state = .waiting(continuation)
                        return nil
                    }
                    state = .taken
                    return outcome
                }
                if let ready {
                    continuation.resume(returning: ready)
                }
            }
        }
    }
}
