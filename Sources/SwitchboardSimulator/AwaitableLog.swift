/// An append-only record that tests read as it is now or wait on: `wait(for:where:)`
/// returns as soon as enough matching elements are in, whether they came before or
/// after the call. No polling, no sleeping.
public actor AwaitableLog<Element: Sendable> {
    private struct Waiter {
        let count: Int
        let predicate: @Sendable (Element) -> Bool
        var matches: [Element]
        let continuation: CheckedContinuation<[Element], any Error>
    }

    private var elements: [Element] = []
    private var waiters: [Int: Waiter] = [:]
    private var nextWaiterID = 0
    private var subscribers: [Int: AsyncStream<Timed<Element>>.Continuation] = [:]

    init() {}

    /// Every element, oldest first.
    public var all: [Element] { elements }

    /// The first `count` elements matching `predicate`, oldest first, waiting until
    /// there are that many. Throws `CancellationError` if the calling task is cancelled.
    public func wait(
        for count: Int = 1,
        where predicate: @escaping @Sendable (Element) -> Bool = { _ in true }
    ) async throws -> [Element] {
        let matches = elements.filter(predicate)
        if matches.count >= count { return Array(matches.prefix(count)) }
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[id] = Waiter(count: count, predicate: predicate, matches: matches, continuation: continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// The first element matching `predicate`, waiting until there is one.
    public func first(where predicate: @escaping @Sendable (Element) -> Bool = { _ in true }) async throws -> Element {
        try await wait(for: 1, where: predicate)[0]
    }

    /// Every element appended from now on, as it comes, with the time it was appended:
    /// for a consumer that follows the whole log (a benchmark timing replies), where
    /// `wait` would scan the log again for each call. Ends when the consumer stops.
    public func subscribe() -> AsyncStream<Timed<Element>> {
        let id = nextWaiterID
        nextWaiterID += 1
        let (stream, continuation) = AsyncStream<Timed<Element>>.makeStream()
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        subscribers[id] = continuation
        return stream
    }

    func append(_ element: Element) {
        elements.append(element)
        if !subscribers.isEmpty {
            let timed = Timed(element: element, time: .now)
            for subscriber in subscribers.values { subscriber.yield(timed) }
        }
        for (id, var waiter) in waiters where waiter.predicate(element) {
            waiter.matches.append(element)
            if waiter.matches.count == waiter.count {
                waiters[id] = nil
                waiter.continuation.resume(returning: waiter.matches)
            } else {
                waiters[id] = waiter
            }
        }
    }

    /// Forgets every element; waiters go on waiting, for new elements only.
    func removeAll() {
        elements.removeAll()
        for id in waiters.keys { waiters[id]?.matches.removeAll() }
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume(throwing: CancellationError())
    }
}

/// An element of an `AwaitableLog` and when it was appended.
public struct Timed<Element: Sendable>: Sendable {
    public let element: Element
    public let time: ContinuousClock.Instant
}
