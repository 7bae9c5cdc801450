import ServiceLifecycle

/// The webhook: its settings, and the delivery of pending updates to it, one at a time.
extension TelegramState {
    /// What setWebhook sets.
    struct WebhookSettings: Equatable {
        var url: String
        var secretToken: String?
        var maxConnections: Int
    }

    struct Webhook {
        var settings: WebhookSettings
        var lastErrorDate: Int?
        var lastErrorMessage: String?
    }

    /// An update to post to the webhook.
    struct Delivery: Sendable {
        let updateID: Int
        let url: String
        let secretToken: String?
        let body: [UInt8]
    }

    /// Sets the webhook and starts delivering to it; returns setWebhook's description.
    /// Delivery stops when the webhook is deleted or the server shuts down.
    func setWebhook(_ settings: WebhookSettings, allowedUpdates: [String]?, dropPendingUpdates: Bool) -> String {
        if dropPendingUpdates { pending.removeAll() }
        if let allowedUpdates { self.allowedUpdates = allowedUpdates }
        guard webhook?.settings != settings else { return "Webhook is already set" }
        webhook = Webhook(settings: settings)
        endPoll(with: .webhookSet)
        if delivery == nil {
            let retryDelay = webhookRetryDelay
            // Created in setWebhook's request, so it sees the server's graceful shutdown.
            delivery = Task {
                await cancelWhenGracefulShutdown {
                    await WebhookDelivery(retryDelay: retryDelay).run(for: self)
                }
            }
        }
        wakeDelivery()
        return "Webhook was set"
    }

    /// Removes the webhook and stops delivery; returns deleteWebhook's description.
    @discardableResult
    func deleteWebhook(dropPendingUpdates: Bool) async -> String {
        if dropPendingUpdates { pending.removeAll() }
        guard webhook != nil else { return "Webhook is already deleted" }
        webhook = nil
        let stopping = delivery
        delivery = nil
        stopping?.cancel()
        stopWaitingForDelivery()
        await stopping?.value
        return "Webhook was deleted"
    }

    func webhookInfo() -> TelegramJSON.WebhookInfo {
        TelegramJSON.WebhookInfo(
            url: webhook?.settings.url ?? "", pendingUpdateCount: pending.count, lastErrorDate: webhook?.lastErrorDate,
            lastErrorMessage: webhook?.lastErrorMessage, maxConnections: webhook?.settings.maxConnections,
            allowedUpdates: allowedUpdates
        )
    }

    /// The oldest pending update and where to post it, once there is one; nil once
    /// delivery is to stop.
    func nextDelivery() async -> Delivery? {
        while !Task.isCancelled, let webhook {
            if let update = pending.first {
                let body = TelegramJSON.encode(self.update(update))
                let settings = webhook.settings
                return Delivery(updateID: update.id, url: settings.url, secretToken: settings.secretToken, body: body)
            }
            let goOn = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    // A delivery being stopped may still wait: it looks again, and ends.
                    wakeDelivery()
                    if Task.isCancelled { continuation.resume(returning: false) } else { deliveryWaiter = continuation }
                }
            } onCancel: {
                Task { await self.stopWaitingForDelivery() }
            }
            guard goOn else { return nil }
        }
        return nil
    }

    /// Records how delivering update `updateID` went: delivered, it is confirmed;
    /// otherwise `failure` becomes the webhook's last error.
    func finishDelivery(of updateID: Int, failure: String?) {
        guard let failure else {
            pending.removeAll { $0.id == updateID }
            return
        }
        webhook?.lastErrorDate = Self.now
        webhook?.lastErrorMessage = failure
    }

    private func stopWaitingForDelivery() {
        deliveryWaiter?.resume(returning: false)
        deliveryWaiter = nil
    }

    /// Tells delivery to look again: an update came, or the webhook changed.
    func wakeDelivery() {
        deliveryWaiter?.resume(returning: true)
        deliveryWaiter = nil
    }
}
