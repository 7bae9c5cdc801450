internal import CCurl
import Foundation
import Synchronization

/// The process's libcurl event loop: one thread, "sb-curl-loop", driving the
/// transfers of every `HTTPClient` on one multi handle. Any thread hands it work
/// through a locked queue and wakes it with `curl_multi_wakeup`.
final class CurlEventLoop: Sendable {
    /// The loop all clients share, started on first use.
    static let shared = CurlEventLoop()

    /// The loop thread's name (Linux keeps at most 15 bytes of one).
    static let threadName = "sb-curl-loop"

    /// What another thread asks of the loop.
    enum Command: Sendable {
        /// Run this transfer, unless it was cancelled meanwhile.
        case add(CurlTransfer)
        /// Report that a transfer could not start.
        case fail(TransferDelivery, HTTPClientError)
        /// Abort a running transfer.
        case cancel(TransferDelivery)
    }

    /// The multi handle: the loop's thread drives it, other threads only call
    /// `curl_multi_wakeup`, which is thread-safe.
    private struct WakeableMulti: @unchecked Sendable {
        let handle: UnsafeMutableRawPointer
    }

    private let multi: WakeableMulti
    private let commands = Mutex<[Command]>([])

    private init() {
        CurlLibrary.initialize()
        guard let handle = curl_multi_init() else {
            fatalError("libcurl could not create a multi handle")
        }
        multi = WakeableMulti(handle: handle)
        Thread { [self] in run() }.start()
    }

    /// Runs `transfer`. [any thread]
    func add(_ transfer: CurlTransfer) {
        submit(.add(transfer))
    }

    /// Fails a transfer that could not start, from the loop's thread. [any thread]
    func fail(_ delivery: TransferDelivery, with error: HTTPClientError) {
        submit(.fail(delivery, error))
    }

    /// Aborts the transfer delivering to `delivery`. [any thread]
    func cancel(_ delivery: TransferDelivery) {
        submit(.cancel(delivery))
    }

    private func submit(_ command: Command) {
        commands.withLock { $0.append(command) }
        curl_multi_wakeup(multi.handle)
    }

    /// The loop thread's body: never returns.
    private func run() {
        sb_name_current_thread(Self.threadName)
        let transfers = CurlMulti(handle: multi.handle)
        while true {
            for command in commands.withLock({ $0.take() }) {
                transfers.execute(command)
            }
            transfers.runUntilNextEvent()
        }
    }
}

extension Array {
    /// Empties the array; returns what it held.
    fileprivate mutating func take() -> [Element] {
        defer { removeAll() }
        return self
    }
}
