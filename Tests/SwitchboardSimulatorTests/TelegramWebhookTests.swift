import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// setWebhook, delivery to a real local HTTP server (an echo simulator, which records
/// what it receives), retries, getWebhookInfo and deleteWebhook.
@Suite(.timeLimit(.minutes(2))) struct TelegramWebhookTests {
    /// Runs `body` with a Telegram simulator and an echo simulator as the webhook receiver.
    private func withReceiver(_ body: (SimulatorServer, TelegramSimulator, SimulatorServer) async throws -> Void) async throws {
        try await withEchoSimulator { receiver, _ async throws in
            try await withTelegramSimulator(TelegramSimulator(webhookRetryDelay: .milliseconds(50))) { server, telegram async throws in
                try await body(server, telegram, receiver)
            }
        }
    }

    @Test func updatesArePostedWithTheSecretHeaderAndConfirmedBy2xx() async throws {
        try await withReceiver { server, telegram, receiver async throws in
            await telegram.userSends("queued before", from: .alice, in: .aliceChat)
            let set = try await server.bot("setWebhook", ["url": receiver.baseURL + "/echo", "secret_token": "s3cr-et_"])
            #expect(set.text == #"{"description":"Webhook was set","ok":true,"result":true}"#)
            #expect(await telegram.webhookURL() == receiver.baseURL + "/echo")
            await telegram.userSends("sent after", from: .alice, in: .aliceChat)
            let posts = try await receiver.requests.wait(for: 2)
            for post in posts {
                #expect(post.method == "POST")
                #expect(post.header("Content-Type") == "application/json")
                #expect(post.header("X-Telegram-Bot-Api-Secret-Token") == "s3cr-et_")
            }
            let updates = try posts.map { try #require(JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]) }
            #expect(updates.map { $0["update_id"] as? Int } == [700_000_001, 700_000_002])
            #expect((updates[1]["message"] as? [String: Any])?["text"] as? String == "sent after")
            // Delivery goes one at a time: once the second is in, the first was confirmed.
            let info = try await server.bot("getWebhookInfo").resultObject
            #expect(info["url"] as? String == receiver.baseURL + "/echo")
            #expect(info["has_custom_certificate"] as? Bool == false)
            #expect(info["max_connections"] as? Int == 40)
            #expect(info["pending_update_count"] as? Int ?? 0 <= 1)
            #expect(info["last_error_message"] == nil)
        }
    }

    @Test func aRefusedUpdateIsRetriedAndTheErrorShowsInWebhookInfo() async throws {
        try await withReceiver { server, telegram, receiver async throws in
            receiver.faults.add(.respond(.exact("/echo"), status: 401))
            _ = try await server.bot("setWebhook", ["url": receiver.baseURL + "/echo"])
            await telegram.userSends("again and again", from: .alice, in: .aliceChat)
            let posts = try await receiver.requests.wait(for: 2)
            #expect(posts[0].body == posts[1].body, "the same update, posted again")
            #expect(posts[0].header("X-Telegram-Bot-Api-Secret-Token") == nil)
            // The retry comes after the failure was recorded.
            let info = try await server.bot("getWebhookInfo").resultObject
            #expect(info["last_error_message"] as? String == "Wrong response from the webhook: 401 Unauthorized")
            #expect((info["last_error_date"] as? Int ?? 0) > 1_700_000_000)
        }
    }

    @Test func deleteWebhookStopsDeliveryAndKeepsWhatWasNotDelivered() async throws {
        try await withReceiver { server, telegram, receiver async throws in
            receiver.faults.add(.respond(.exact("/echo"), status: 500, count: nil))
            _ = try await server.bot("setWebhook", ["url": receiver.baseURL + "/echo"])
            await telegram.userSends("undeliverable", from: .alice, in: .aliceChat)
            _ = try await receiver.requests.first()
            let conflict = try await server.bot("getUpdates")
            #expect(conflict.status == 409)
            #expect(conflict.apiDescription == "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
            #expect(try await server.bot("deleteWebhook").text == #"{"description":"Webhook was deleted","ok":true,"result":true}"#)
            // deleteWebhook returns once delivery has stopped: nothing is posted after it.
            let postedBefore = await receiver.requests.all.count
            await telegram.userSends("for polling", from: .alice, in: .aliceChat)
            let updates = try await server.bot("getUpdates").resultArray
            #expect(updates.map { ($0["message"] as? [String: Any])?["text"] as? String } == ["undeliverable", "for polling"])
            #expect(await receiver.requests.all.count == postedBefore)
            #expect(await telegram.webhookURL() == nil)
            #expect(try await server.bot("deleteWebhook").apiDescription == "Webhook is already deleted")
            #expect(try await server.bot("getWebhookInfo").resultObject["url"] as? String == "")
        }
    }

    @Test func aWaitingPollEndsWhenAWebhookIsSet() async throws {
        try await withReceiver { server, _, receiver async throws in
            async let poll = server.bot("getUpdates", ["timeout": 50])
            _ = try await server.requests.first { $0.path.hasSuffix("/getUpdates") }
            _ = try await server.bot("setWebhook", ["url": receiver.baseURL + "/echo"])
            // Whether the poll was waiting or came after, it meets the webhook.
            #expect(try await poll.status == 409)
        }
    }

    @Test(arguments: [
        (["url": "http://example.org/hook"], "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"),
        (["url": "ftp://127.0.0.1/hook"], "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"),
        (["url": "https://example.org/hook", "secret_token": "no spaces"], "Bad Request: secret token contains unallowed characters"),
    ])
    func setWebhookRefusesWhatTelegramRefuses(parameters: [String: String], description: String) async throws {
        try await withTelegramSimulator { server, telegram async throws in
            let answer = try await server.bot("setWebhook", parameters)
            #expect(answer.status == 400)
            #expect(answer.apiDescription == description)
            #expect(await telegram.webhookURL() == nil)
        }
    }

    @Test func setWebhookAcceptsHTTPSAnywhereAndHTTPOnLoopback() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            for url in ["https://example.org/hook", "http://localhost:1/hook", "http://[::1]:1/hook", "http://127.0.0.1:1/hook"] {
                #expect(try await server.bot("setWebhook", ["url": url, "max_connections": 5]).status == 200, "\(url)")
            }
            let again = try await server.bot("setWebhook", ["url": "http://127.0.0.1:1/hook", "max_connections": 5])
            #expect(again.apiDescription == "Webhook is already set")
            let removed = try await server.bot("setWebhook", ["url": ""])
            #expect(removed.apiDescription == "Webhook was deleted")
            #expect(await telegram.webhookURL() == nil)
        }
    }
}
