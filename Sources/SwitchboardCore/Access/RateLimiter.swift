import Foundation
import Synchronization

/// Counts each user's messages in fixed windows and says when one is over the limit.
final class RateLimiter: Sendable {
    /// What to do with a message.
    enum Verdict: Equatable {
        case allow
        /// Over the limit: tell the user (the first time in this window).
        case warn
        /// Over the limit, and the user was already told.
        case drop
    }

    private struct Window {
        var start: Date
        var count: Int
        var warned: Bool
    }

    private let windows = Mutex<[String: Window]>([:])

    /// Counts a message of `key` at `now` against `limit` per `window`.
    func check(_ key: String, limit: Int, window: Duration, now: Date) -> Verdict {
        windows.withLock { windows in
            var current = windows[key] ?? Window(start: now, count: 0, warned: false)
            if now.timeIntervalSince(current.start) >= Double(window.components.seconds) {
                current = Window(start: now, count: 0, warned: false)
            }
            current.count += 1
            defer { windows[key] = current }
            guard current.count > limit else { return .allow }
            if current.warned { return .drop }
            current.warned = true
            return .warn
        }
    }
}
