import Foundation
import Synchronization

/// Hands one transfer's response to its delegate until the transfer ends or is cancelled.
///
/// The lock is held through each delegate call, so that `detachDelegate()` on another
/// thread waits for a call under way. It is recursive, so a delegate may cancel its
/// transfer from inside a callback.
final class TransferDelivery: @unchecked Sendable {
    private let lock = NSRecursiveLock()
    /// The delegate while the transfer runs; nil before and after. Guarded by `lock`.
    private var delegate: (any HTTPTransferDelegate)?
    /// Set once the transfer has finished or been cancelled; checked before each
    /// delegate call.
    private let ended = Atomic(false)

    /// Whether the transfer has finished or been cancelled.
    var hasEnded: Bool {
        ended.load(ordering: .acquiring)
    }

    /// Takes the delegate of a starting transfer; false when it was cancelled already.
    func attach(_ delegate: any HTTPTransferDelegate) -> Bool {
        lock.withLock {
            guard !hasEnded else { return false }
            self.delegate = delegate
            return true
        }
    }

    /// Hands `event` to the delegate while the transfer runs; false once it is over.
    @discardableResult
    func deliver(_ event: (any HTTPTransferDelegate) -> Void) -> Bool {
        lock.withLock {
            guard !hasEnded, let delegate else { return false }
            event(delegate)
            return true
        }
    }

    /// Ends the transfer with `outcome`, the delegate's last call; nothing once it is over.
    func finish(_ outcome: Result<Void, HTTPClientError>) {
        lock.withLock {
            guard end(), let delegate = delegate.take() else { return }
            delegate.transferDidFinish(outcome)
        }
    }

    /// Marks the transfer cancelled: no delegate call starts after this. True unless it
    /// had ended already, when the loop has nothing to abort. Never waits. [any thread]
    func cancel() -> Bool {
        end()
    }

    /// Lets the delegate go, once no call to it is under way on another thread: after
    /// `cancel()`, the delegate hears nothing more once this returns.
    func detachDelegate() {
        lock.withLock { delegate = nil }
    }

    /// Marks the transfer ended; true for the one call that does.
    private func end() -> Bool {
        !ended.exchange(true, ordering: .acquiringAndReleasing)
    }
}
