internal import CCurl
import Synchronization

/// Lets a task cancel a transfer running on another thread: marks it cancelled and
/// wakes the transfer's libcurl multi handle out of its wait, so it stops at once.
final class TransferCancellation: Sendable {
    /// A multi handle, shared only to call `curl_multi_wakeup`, which is thread-safe.
    private struct WakeableMulti: @unchecked Sendable {
        let handle: UnsafeMutableRawPointer
    }

    private struct State {
        var isCancelled = false
        /// The multi handle of the running transfer, while it runs.
        var multi: WakeableMulti?
    }

    private let state = Mutex(State())

    var isCancelled: Bool {
        state.withLock { $0.isCancelled }
    }

    /// Marks the transfer cancelled and wakes it. [any thread]
    func cancel() {
        state.withLock { state in
            state.isCancelled = true
            if let multi = state.multi {
                curl_multi_wakeup(multi.handle)
            }
        }
    }

    /// Registers the multi handle `cancel()` must wake; false when already cancelled.
    func attach(_ multi: UnsafeMutableRawPointer) -> Bool {
        let multi = WakeableMulti(handle: multi)
        return state.withLock { state in
            state.multi = multi
            return !state.isCancelled
        }
    }

    /// Unregisters the multi handle; call before cleaning it up.
    func detach() {
        state.withLock { $0.multi = nil }
    }
}
