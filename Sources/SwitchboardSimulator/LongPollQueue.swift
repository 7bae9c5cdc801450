/// Events for long polls: a posted event answers every poll waiting at that moment, or,
/// when none waits, the next poll to come.
public actor LongPollQueue<Event: Sendable> {
    private var pending: [Event] = []
    private var polls: [Int: CheckedContinuation<[Event], Never>] = [:]
    private var nextPollID = 0

    public init() {}

    /// Answers the waiting polls with `event`, or holds it for the next poll; returns
    /// how many polls it answered.
    @discardableResult
    public func post(_ event: Event) -> Int {
        guard !polls.isEmpty else {
            pending.append(event)
            return 0
        }
        let answered = polls.values
        polls.removeAll()
        for poll in answered { poll.resume(returning: [event]) }
        return answered.count
    }

    /// The events held for the next poll, at once if there are any, else the next one
    /// posted within `timeout`; [] when none comes or the calling task is cancelled.
    public func poll(timeout: Duration) async -> [Event] {
        await withTaskGroup(of: [Event].self) { group in
            group.addTask { await self.waitForEvent() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return []
            }
            var events: [Event] = []
            // The first to finish cancels the other; an event that races the timeout is kept.
            for await batch in group {
                events += batch
                group.cancelAll()
            }
            return events
        }
    }

    /// Forgets the events held for the next poll.
    public func removeAll() {
        pending.removeAll()
    }

    private func takePending() -> [Event] {
        defer { pending.removeAll() }
        return pending
    }

    private func waitForEvent() async -> [Event] {
        let id = nextPollID
        nextPollID += 1
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: [])
                } else if !pending.isEmpty {
                    continuation.resume(returning: takePending())
                } else {
                    polls[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelPoll(id) }
        }
    }

    private func cancelPoll(_ id: Int) {
        polls.removeValue(forKey: id)?.resume(returning: [])
    }
}
