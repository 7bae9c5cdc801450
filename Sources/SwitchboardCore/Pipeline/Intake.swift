import Synchronization

/// Deliveries waiting to be stored, in arrival order. The pipeline takes them in
/// batches, so that many deliveries share one transaction (one disk sync) under load
/// while a lone delivery is stored at once.
final class Intake<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var waiter: CheckedContinuation<Void, Never>?
        var closed = false
    }

    private let state = Mutex(State())

    /// Adds an item; false once closed.
    func submit(_ item: Item) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !state.closed else { return (false, nil) }
            state.items.append(item)
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// Waits for items and takes up to `limit` of them; nil once closed and empty.
    func nextBatch(limit: Int) async -> [Item]? {
        while true {
            let batch: [Item]? = state.withLock { state in
                if !state.items.isEmpty {
                    let count = min(limit, state.items.count)
                    defer { state.items.removeFirst(count) }
                    return Array(state.items.prefix(count))
                }
                return state.closed ? [] : nil
            }
            if let batch { return batch.isEmpty ? nil : batch }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if !state.items.isEmpty || state.closed { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// Whether `close()` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Refuses new items; `nextBatch` returns the ones already submitted, then nil.
    func close() {
        let waiter = state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
