import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOHTTP1

/// Posts pending updates to the webhook, oldest first, one at a time, as Telegram
/// does: JSON, with `X-Telegram-Bot-Api-Secret-Token` when a secret is set. A 2xx
/// confirms the update; anything else keeps it, is recorded as the webhook's last
/// error, and the update is posted again after `retryDelay`.
struct WebhookDelivery {
    let retryDelay: Duration

    /// Delivers until `state` says to stop or the task is cancelled.
    func run(for state: TelegramState) async {
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        while let delivery = await state.nextDelivery() {
            let failure = await post(delivery, with: session)
            guard !Task.isCancelled else { return }
            await state.finishDelivery(of: delivery.updateID, failure: failure)
            if failure != nil { try? await Task.sleep(for: retryDelay) }
        }
    }

    /// Posts `delivery`; returns nil once delivered, else why not, in Telegram's words.
    private func post(_ delivery: TelegramState.Delivery, with session: URLSession) async -> String? {
        guard let url = URL(string: delivery.url) else { return "Wrong webhook URL" }
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = Data(delivery.body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let secret = delivery.secretToken { request.setValue(secret, forHTTPHeaderField: "X-Telegram-Bot-Api-Secret-Token") }
        do {
            let (_, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard !(200..<300).contains(status) else { return nil }
            return "Wrong response from the webhook: \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)"
        } catch let error as URLError where error.code == .cannotConnectToHost {
            return "Connection refused"
        } catch let error as URLError where error.code == .timedOut {
            return "Timeout expired"
        } catch {
            return "Failed to deliver the update: \(error.localizedDescription)"
        }
    }
}
