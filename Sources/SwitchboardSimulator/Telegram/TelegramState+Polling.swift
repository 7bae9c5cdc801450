/// getUpdates: confirmation by offset, long polls, and the conflict of two pollers.
extension TelegramState {
    /// How a waiting getUpdates ended.
    enum PollEnd {
        case newUpdates, timedOut, cancelled
        /// A newer getUpdates came.
        case replaced
        /// A webhook was set.
        case webhookSet
    }

    struct WaitingPoll {
        let id: Int
        let continuation: CheckedContinuation<PollEnd, Never>
        let timer: Task<Void, Never>
    }

    /// The updates from `offset` on (confirming those before it; -N: the last N), at
    /// most `limit`, waiting up to `timeout` seconds for one when there are none. An
    /// older getUpdates still waiting is ended with a conflict. `allowedUpdates` is kept.
    func updates(
        offset: Int64?, limit: Int, timeout: Int, allowedUpdates: [String]?
    ) async throws(TelegramAPIError) -> [TelegramJSON.Update] {
        guard webhook == nil else { throw .webhookActive }
        if let allowedUpdates { self.allowedUpdates = allowedUpdates }
        if let offset { confirm(offset: offset) }
        endPoll(with: .replaced)
        if pending.isEmpty, timeout > 0 {
            switch await waitForUpdate(seconds: timeout) {
            case .replaced: throw .otherPoller
            case .webhookSet: throw .webhookActive
            case .newUpdates, .timedOut, .cancelled: break
            }
        }
        return pending.prefix(limit).map(update)
    }

    /// Ends the waiting getUpdates, if any (only poll `id`, when given).
    func endPoll(_ id: Int? = nil, with end: PollEnd) {
        guard let waiting = poll, id == nil || waiting.id == id else { return }
        poll = nil
        waiting.timer.cancel()
        waiting.continuation.resume(returning: end)
    }

    private func confirm(offset: Int64) {
        if offset < 0 {
            pending = Array(pending.suffix(Int(clamping: -offset)))
        } else {
            pending.removeAll { Int64($0.id) < offset }
        }
    }

    private func waitForUpdate(seconds: Int) async -> PollEnd {
        let id = nextPollID
        nextPollID += 1
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard !Task.isCancelled else { return continuation.resume(returning: .cancelled) }
                let timer = Task {
                    try? await Task.sleep(for: .seconds(seconds))
                    self.endPoll(id, with: .timedOut)
                }
                poll = WaitingPoll(id: id, continuation: continuation, timer: timer)
            }
        } onCancel: {
            Task { await self.endPoll(id, with: .cancelled) }
        }
    }
}
