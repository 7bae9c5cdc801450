import SwitchboardProviderKit

/// Long polling: getUpdates with a long timeout, each update handed to the host in
/// order, and the offset that confirms updates to Telegram advanced only past updates
/// the host has stored. A crash at any point leaves unconfirmed updates with Telegram,
/// which sends them again; the host drops those it already stored.
extension TelegramProvider {
    /// Failed polls in a row that are retried before the link counts as lost.
    static let pollRetries = 3

    /// Removes a webhook left from webhook mode (Telegram refuses getUpdates while one is
    /// set), keeping the updates it queued, then polls. [instance-executor]
    func startPolling() {
        callOwn("deleteWebhook", DeleteWebhookRequest(), returning: Bool.self) { [unowned self] result in
            switch result {
            case .success:
                host.setStatus(.connected)
                poll()
            case let .failure(error):
                lose(error, while: "removing the webhook before polling")
            }
        }
    }

    private func poll() {
        let timeout = settings.poll_timeout_seconds
        let request = GetUpdatesRequest(offset: pollOffset, timeout: timeout)
        // The HTTP exchange outlasts the long poll, so only a silent server times it out.
        callOwn("getUpdates", request, returning: [Update].self, timeout: .seconds(timeout + 15)) { [unowned self] result in
            switch result {
            case let .success(updates):
                consecutivePollFailures = 0
                deliver(updates[...])
            case let .failure(error):
                pollFailed(error)
            }
        }
    }

    /// Hands updates to the host one at a time, in order, then polls again.
    private func deliver(_ updates: ArraySlice<Update>) {
        guard !isStopped else { return }
        guard let update = updates.first else { return poll() }
        guard let message = update.message.flatMap({ inbound?.incoming($0) }) else {
            pollOffset = update.updateID + 1  // nothing to answer: confirm it with the next poll
            return deliver(updates.dropFirst())
        }
        host.deliver(message) { [unowned self] outcome in
            guard !isStopped else { return }
            switch outcome {
            case .stored, .duplicate:
                pollOffset = update.updateID + 1
                deliver(updates.dropFirst())
            case let .rejected(_, reason):
                // Left unconfirmed: the next poll brings it again.
                host.log(.warning, "update \(update.updateID) could not be stored (\(reason ?? "no reason given")); asking again in 1 s")
                after(.seconds(1)) { [unowned self] in poll() }
            }
        }
    }

    private func pollFailed(_ error: BotAPIError) {
        if error.isConflict {
            host.log(.error, "another program receives this bot's updates (\(error)); only one poller or webhook can use a bot token")
            return lose(error, while: "another instance is polling with this bot token, or a webhook is set")
        }
        if let wait = error.retryAfter {
            host.log(.notice, "getUpdates rate-limited; polling again in \(wait)")
            return after(wait) { [unowned self] in poll() }
        }
        guard error.isTransient, consecutivePollFailures < Self.pollRetries else {
            return lose(error, while: "polling for updates")
        }
        consecutivePollFailures += 1
        let delay = Duration.milliseconds(500 << (consecutivePollFailures - 1))
        host.log(.warning, "getUpdates failed (\(error)); polling again in \(delay)")
        after(delay) { [unowned self] in poll() }
    }
}
