import Dispatch
import SwitchboardHTTP
import Synchronization

/// Records a transfer's delegate calls in order, with when each came, and lets a test
/// await them. Can cancel its transfer from inside the head callback.
final class RecordingDelegate: HTTPTransferDelegate {
    enum Event: Sendable {
        case head(status: Int, headers: [(name: String, value: String)])
        case body([UInt8])
        case finish(Result<Void, HTTPClientError>)
    }

    private struct State {
        var events: [(event: Event, time: ContinuousClock.Instant)] = []
        var waiters: [(isReady: @Sendable ([Event]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        /// Cancelled from inside the head callback.
        var transferToCancel: HTTPTransfer?
    }

    private let state = Mutex(State())
    /// Signalled when `transferToCancel` is set, for a delegate that cancels in its
    /// head callback; nil for one that does not.
    private let cancelSet: DispatchSemaphore?

    /// - Parameter cancelsInHeadCallback: Whether the head callback cancels the
    ///   transfer given to `cancelInHeadCallback(_:)`, waiting for it if need be.
    init(cancelsInHeadCallback: Bool = false) {
        cancelSet = cancelsInHeadCallback ? DispatchSemaphore(value: 0) : nil
    }

    /// The calls so far, in order.
    var events: [Event] {
        state.withLock { $0.events.map(\.event) }
    }

    /// When each call came, in order.
    var times: [ContinuousClock.Instant] {
        state.withLock { $0.events.map(\.time) }
    }

    /// The body pieces so far, joined.
    var body: [UInt8] {
        events.flatMap { event -> [UInt8] in
            if case .body(let bytes) = event { bytes } else { [] }
        }
    }

    /// The outcome, once finished.
    var outcome: Result<Void, HTTPClientError>? {
        events.lazy.compactMap { event in
            if case .finish(let outcome) = event { outcome } else { nil }
        }.first
    }

    /// Has the head callback cancel `transfer`, its own, on the loop's thread. Call it
    /// right after starting the transfer: the head callback waits for it.
    func cancelInHeadCallback(_ transfer: HTTPTransfer) {
        state.withLock { $0.transferToCancel = transfer }
        cancelSet?.signal()
    }

    /// Returns once the events satisfy `isReady`.
    private func wait(until isReady: @escaping @Sendable ([Event]) -> Bool) async {
        await withCheckedContinuation { continuation in
            state.withLock { state in
                if isReady(state.events.map(\.event)) {
                    continuation.resume()
                } else {
                    state.waiters.append((isReady, continuation))
                }
            }
        }
    }

    /// The outcome, once the transfer has finished.
    func finished() async -> Result<Void, HTTPClientError> {
        await wait { $0.contains { if case .finish = $0 { true } else { false } } }
        return outcome!
    }

    /// Returns once some body has arrived.
    func receivedBody() async {
        await wait { $0.contains { if case .body = $0 { true } else { false } } }
    }

    func transferDidReceiveHead(status: Int, headers: [(name: String, value: String)]) {
        record(.head(status: status, headers: headers))
        guard let cancelSet else { return }
        cancelSet.wait()
        state.withLock { $0.transferToCancel }?.cancel()
    }

    func transferDidReceiveBody(_ bytes: UnsafeRawBufferPointer) {
        record(.body(Array(bytes)))
    }

    func transferDidFinish(_ outcome: Result<Void, HTTPClientError>) {
        record(.finish(outcome))
    }

    private func record(_ event: Event) {
        let ready = state.withLock { state in
            state.events.append((event, .now))
            let events = state.events.map(\.event)
            let ready = state.waiters.filter { $0.isReady(events) }
            state.waiters.removeAll { $0.isReady(events) }
            return ready
        }
        ready.forEach { $0.continuation.resume() }
    }
}
