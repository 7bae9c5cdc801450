import CSwitchboardABI
import SwitchboardDigest
import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Webhook mode: Telegram posts each update to the channel's ingress URL with the secret
/// token in `X-Telegram-Bot-Api-Secret-Token`. An update is answered 200 once the host
/// has stored it; anything else makes Telegram send it again later.
extension TelegramProvider {
    /// The header field Telegram puts the secret token in.
    static let secretHeader = "X-Telegram-Bot-Api-Secret-Token"

    /// Takes the channel's webhook requests; before signing in, so that none is missed.
    func listenForWebhookRequests() throws(ProviderError) {
        do {
            try host.listenForWebhooks { [unowned self] request in handleWebhook(request) }
        } catch {
            throw ProviderError(code: error.code == SB_ERR_UNSUPPORTED ? SB_ERR_UNSUPPORTED : SB_ERR_TRANSIENT,
                                message: "webhook mode needs the host's ingress: \(error.message)")
        }
    }

    /// Points Telegram at the channel's public URL with a secret token. [instance-executor]
    func registerWebhook() {
        guard let url = host.webhookURL else {
            return host.setStatus(.failed, detail: "webhook mode needs host.ingress_listen (and ingress_public_url for Telegram to reach it)")
        }
        let secret = settings.webhook_secret ?? Self.randomSecret()
        callOwn("setWebhook", SetWebhookRequest(url: url, secretToken: secret), returning: Bool.self) { [unowned self] result in
            switch result {
            case .success:
                webhookSecret = secret
                host.setStatus(.connected)
                host.log(.notice, "Telegram posts updates to \(url)")
            case let .failure(error):
                lose(error, while: "setting the webhook to \(url)")
            }
        }
    }

    private func handleWebhook(_ request: HostWebhookRequest) {
        guard request.method == "POST" else { return answer(request, status: 405, headers: [("Allow", "POST")]) }
        guard let secret = webhookSecret, let given = request.header(Self.secretHeader), constantTimeEqual(given.utf8, secret.utf8) else {
            host.log(.warning, "refused a webhook request without the channel's secret token")
            return answer(request, status: 401)
        }
        guard let update = try? JSONDecoder().decode(Update.self, from: Data(request.body)) else {
            return answer(request, status: 400)
        }
        guard let message = update.message.flatMap({ inbound?.incoming($0) }) else { return answer(request, status: 200) }
        host.deliver(message) { [unowned self] outcome in
            switch outcome {
            case .stored, .duplicate:
                answer(request, status: 200)
            case let .rejected(_, reason):
                host.log(.warning, "update \(update.updateID) could not be stored (\(reason ?? "no reason given")); Telegram will send it again")
                answer(request, status: 503)
            }
        }
    }

    private func answer(_ request: HostWebhookRequest, status: Int, headers: [(name: String, value: String)] = []) {
        // Fails only when the request has timed out; Telegram then sends the update again.
        try? host.respond(to: request.id, with: HostHTTPResponse(status: status, headers: headers))
    }

    /// 32 characters of Telegram's secret alphabet, from the system's secure generator.
    static func randomSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
