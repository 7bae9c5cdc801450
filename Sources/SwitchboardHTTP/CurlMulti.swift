internal import CCurl

/// The event loop's multi handle and the transfers on it. Used on the loop's thread only.
final class CurlMulti {
    /// The longest wait for an event, a bound only: sockets, libcurl's timers, idle
    /// deadlines and wakeups end waits sooner.
    private static let longestWait = Duration.seconds(60)

    private let handle: UnsafeMutableRawPointer
    /// The running transfers, by easy handle.
    private var transfers: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    func execute(_ command: CurlEventLoop.Command) {
        switch command {
        case .add(let transfer):
            add(transfer)
        case .fail(let delivery, let error):
            delivery.finish(.failure(error))
        case .cancel(let delivery):
            // A few hundred transfers at most, and cancelling is rarer than data: a
            // search is fine.
            if let transfer = transfers.values.first(where: { $0.delivery === delivery }) {
                remove(transfer)
            }
            delivery.detachDelegate()
        }
    }

    /// Moves every transfer on as far as it can go now, ends those that are done or
    /// idle too long, then waits for the next event.
    func runUntilNextEvent() {
        var running: Int32 = 0
        check(curl_multi_perform(handle, &running))
        finishCompletedTransfers()
        let deadline = finishIdleTransfers(now: .now)
        let wait = deadline.map { min($0 - .now, Self.longestWait) } ?? Self.longestWait
        check(curl_multi_poll(handle, nil, 0, Int32(wait.curlMilliseconds), nil))
    }

    private func add(_ transfer: CurlTransfer) {
        // Cancelled between being queued and now.
        guard !transfer.delivery.hasEnded else { return }
        let result = curl_multi_add_handle(handle, transfer.easy)
        guard result == CURLM_OK else {
            transfer.finish(failingWith: String(cString: curl_multi_strerror(result)))
            return
        }
        transfers[transfer.easy] = transfer
    }

    /// Takes `transfer` off the multi handle, which closes its connection unless it is
    /// done; the transfer is let go (and its handle cleaned up) with the last reference.
    private func remove(_ transfer: CurlTransfer) {
        curl_multi_remove_handle(handle, transfer.easy)
        transfers[transfer.easy] = nil
    }

    private func finishCompletedTransfers() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(handle, &queued) {
            // The message is gone once its handle is removed: read it first.
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = transfers[easy] else { continue }
            let result = message.pointee.data.result
            remove(transfer)
            transfer.finish(with: result)
        }
    }

    /// Fails the transfers idle past their idle timeout; returns the nearest idle
    /// deadline of the others.
    private func finishIdleTransfers(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        var nearest: ContinuousClock.Instant?
        for transfer in transfers.values {
            guard let deadline = transfer.idleDeadline else { continue }
            if deadline <= now {
                remove(transfer)
                transfer.finishIdle()
            } else {
                nearest = min(nearest ?? deadline, deadline)
            }
        }
        return nearest
    }

    /// Fails every transfer unless `result` is success: the multi handle is in trouble
    /// (out of memory, say).
    private func check(_ result: CURLMcode) {
        guard result != CURLM_OK else { return }
        let reason = String(cString: curl_multi_strerror(result))
        for transfer in transfers.values {
            remove(transfer)
            transfer.finish(failingWith: reason)
        }
    }
}
