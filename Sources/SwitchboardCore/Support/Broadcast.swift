import Synchronization

/// Fans values out to every current subscriber. Thread-safe; a subscriber that stops
/// iterating is dropped.
public final class Broadcast<Element: Sendable>: Sendable {
    private let subscribers = Mutex<(next: Int, all: [Int: AsyncStream<Element>.Continuation])>((0, [:]))

    public init() {}

    /// Every value published from now on.
    public func subscribe() -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self)
        let key = subscribers.withLock { state in
            state.next += 1
            state.all[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.all.removeValue(forKey: key) }
        }
        return stream
    }

    public func publish(_ value: Element) {
        for continuation in subscribers.withLock({ Array($0.all.values) }) { continuation.yield(value) }
    }

    /// Ends every subscription.
    public func finish() {
        let all = subscribers.withLock { state in
            defer { state.all.removeAll() }
            return Array(state.all.values)
        }
        for continuation in all { continuation.finish() }
    }
}
