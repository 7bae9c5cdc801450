import Foundation
import Hummingbird

/// getMe, getUpdates and the webhook methods.
extension TelegramSimulator {
    func getMe() -> Response {
        var user = TelegramJSON.User(bot)
        user.canJoinGroups = true
        user.canReadAllGroupMessages = false
        user.supportsInlineQueries = false
        return .telegram(user)
    }

    /// `offset`, `limit` (1–100, default 100), `timeout` (seconds, at most 50, default
    /// 0) and `allowed_updates`; the long poll ends when the client hangs up.
    func getUpdates(_ parameters: TelegramParameters, request: Request) async throws -> Response {
        let limit = min(max(parameters.int("limit") ?? 100, 1), 100)
        let timeout = min(max(parameters.int("timeout") ?? 0, 0), 50)
        let offset = parameters.integer("offset")
        let allowedUpdates = try parameters.decode("allowed_updates", as: [String].self)
        let state = state
        // Answered at once when there is something (or no wait was asked): only a poll
        // that waits watches for the client hanging up, and closes the connection after.
        let ready = try await state.updates(offset: offset, limit: limit, timeout: 0, allowedUpdates: allowedUpdates)
        guard ready.isEmpty, timeout > 0 else { return .telegram(ready) }
        return try await request.answeringUnlessHungUp {
            .telegram(try await state.updates(offset: offset, limit: limit, timeout: timeout, allowedUpdates: allowedUpdates))
        }
    }

    /// `url` (https, or http to this machine; "" removes the webhook), `secret_token`,
    /// `max_connections` (1–100, default 40), `allowed_updates`, `drop_pending_updates`.
    func setWebhook(_ parameters: TelegramParameters) async throws -> Response {
        let url = parameters.string("url") ?? ""
        let dropPending = parameters.bool("drop_pending_updates")
        guard !url.isEmpty else {
            return .telegram(true, description: await state.deleteWebhook(dropPendingUpdates: dropPending))
        }
        guard Self.acceptsWebhook(url) else {
            throw TelegramAPIError.badRequest("bad webhook: An HTTPS URL must be provided for webhook")
        }
        let secret = parameters.string("secret_token").flatMap { $0.isEmpty ? nil : $0 }
        if let secret {
            guard secret.utf8.count <= 256 else { throw TelegramAPIError.badRequest("secret token is too long") }
            guard secret.utf8.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else {
                throw TelegramAPIError.badRequest("secret token contains unallowed characters")
            }
        }
        let settings = TelegramState.WebhookSettings(
            url: url, secretToken: secret, maxConnections: min(max(parameters.int("max_connections") ?? 40, 1), 100)
        )
        let allowedUpdates = try parameters.decode("allowed_updates", as: [String].self)
        let description = await state.setWebhook(settings, allowedUpdates: allowedUpdates, dropPendingUpdates: dropPending)
        return .telegram(true, description: description)
    }

    /// `drop_pending_updates`.
    func deleteWebhook(_ parameters: TelegramParameters) async -> Response {
        .telegram(true, description: await state.deleteWebhook(dropPendingUpdates: parameters.bool("drop_pending_updates")))
    }

    /// Whether `url` may be a webhook: https; or, as the simulator cannot present TLS
    /// to itself, http to 127.0.0.1, localhost or [::1].
    private static func acceptsWebhook(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return false }
        switch components.scheme?.lowercased() {
        case "https": return true
        case "http": return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
        default: return false
        }
    }
}
