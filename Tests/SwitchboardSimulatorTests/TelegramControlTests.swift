import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// The Telegram control routes under /_sim/telegram/, driven as a script would.
@Suite(.timeLimit(.minutes(2))) struct TelegramControlTests {
    @Test func aScriptedMessageBecomesAnUpdate() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            let body = #"{"chat":{"id":-1009,"type":"supergroup","title":"Ops","is_forum":true},"from":{"id":7,"first_name":"Eve","username":"eve_ops"},"text":"hi @switchboard_test_bot","message_thread_id":4}"#
            let answer = try await server.send("POST", "/_sim/telegram/messages", body: Array(body.utf8))
            #expect(answer.status == 200)
            let update = try answer.json
            #expect(update["update_id"] as? Int == 700_000_001)
            let message = try #require(update["message"] as? [String: Any])
            #expect(message["message_thread_id"] as? Int == 4)
            #expect((message["chat"] as? [String: Any])?["title"] as? String == "Ops")
            let entities = try #require(message["entities"] as? [[String: Any]])
            #expect(entities.first?["type"] as? String == "mention")
            #expect(entities.first?["offset"] as? Int == 3)
            #expect(await telegram.pendingUpdateCount() == 1)
            let invalid = try await server.send("POST", "/_sim/telegram/messages", body: Array(#"{"text":"x"}"#.utf8))
            #expect(invalid.status == 400)
        }
    }

    @Test func chatMessagesActivityAndBotAreListed() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            let body = #"{"chat":{"id":1001,"type":"private"},"from":{"id":1001,"first_name":"Alice","username":"alice"},"text":"hello"}"#
            _ = try await server.send("POST", "/_sim/telegram/messages", body: Array(body.utf8))
            _ = try await server.bot("sendMessage", ["chat_id": 1001, "text": "hi", "reply_parameters": ["message_id": 1]])
            _ = try await server.bot("sendChatAction", ["chat_id": 1001, "action": "typing"])
            _ = try await server.bot("sendMessageDraft", ["chat_id": 1001, "draft_id": 9, "text": "thinking"])
            let messages = try await server.jsonArray("/_sim/telegram/chats/1001/messages")
            #expect(messages.map { $0["text"] as? String } == ["hello", "hi"])
            #expect((messages[1]["reply_to_message"] as? [String: Any])?["message_id"] as? Int == 1)
            let activity = try await server.jsonArray("/_sim/telegram/activity")
            #expect(activity.map { $0["kind"] as? String } == ["sent", "chat_action", "draft"])
            #expect((activity[0]["message"] as? [String: Any])?["text"] as? String == "hi")
            #expect(activity[1]["action"] as? String == "typing")
            #expect(activity[2]["draft_id"] as? Int == 9)
            #expect(activity[2]["chat_id"] as? Int == 1001)
            let bot = try await server.get("/_sim/telegram/bot").json
            #expect(bot["token"] as? String == telegram.token)
            #expect((bot["user"] as? [String: Any])?["username"] as? String == "switchboard_test_bot")
        }
    }

    @Test func theCatalogRunsTheTelegramSimulator() throws {
        #expect(SimulatorCatalog.bundled.names.contains("telegram"))
        #expect(try SimulatorCatalog.bundled.make("telegram") is TelegramSimulator)
    }
}
