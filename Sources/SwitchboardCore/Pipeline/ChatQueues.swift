import Synchronization
import SwitchboardStore

/// One serial queue per chat: entries of a chat are handled one at a time in the order
/// queued, different chats in parallel, so a slow agent never holds up another chat.
final class ChatQueues: Sendable {
    private struct State {
        var waiting: [String: [InboxEntry]] = [:]
        var workers: [String: Task<Void, Never>] = [:]
    }

    private let state = Mutex(State())
    private let handle: @Sendable (_ entry: InboxEntry, _ queue: String) async -> Void

    /// - Parameter handle: handles one entry of a queue; called for one queue at a time.
    init(handle: @escaping @Sendable (_ entry: InboxEntry, _ queue: String) async -> Void) {
        self.handle = handle
    }

    /// Queues `entry` behind the others of `key` (by default its chat). Returns false,
    /// queuing nothing, when that queue already has `limit` entries waiting (nil: no limit).
    @discardableResult
    func enqueue(_ entry: InboxEntry, key: String? = nil, limit: Int?) -> Bool {
        state.withLock { state in
            let key = key ?? entry.chatKey
            if let limit, state.waiting[key, default: []].count >= limit { return false }
            state.waiting[key, default: []].append(entry)
            if state.workers[key] == nil {
                state.workers[key] = Task { await self.work(on: key) }
            }
            return true
        }
    }

    /// Cancels every worker; entries still waiting are dropped from memory (they stay stored).
    func cancelAll() {
        let workers = state.withLock { state in
            state.waiting.removeAll()
            return Array(state.workers.values)
        }
        for worker in workers { worker.cancel() }
    }

    /// Returns once every queued entry has been handled.
    func drain() async {
        while let worker = state.withLock({ $0.workers.values.first }) {
            await worker.value
        }
    }

    private func work(on key: String) async {
        while let entry = next(for: key) {
            await handle(entry, key)
        }
    }

    /// The chat's next entry; when there is none the worker retires, atomically.
    private func next(for key: String) -> InboxEntry? {
        state.withLock { state in
            guard var queue = state.waiting[key], !queue.isEmpty else {
                state.waiting[key] = nil
                state.workers[key] = nil
                return nil
            }
            let entry = queue.removeFirst()
            state.waiting[key] = queue
            return entry
        }
    }
}
