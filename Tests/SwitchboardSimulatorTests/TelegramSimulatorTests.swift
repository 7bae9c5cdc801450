import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// The Telegram simulator's Bot API methods, through a real HTTP client.
@Suite(.timeLimit(.minutes(2))) struct TelegramSimulatorTests {
    @Test func getMeAnswersTheBotUser() async throws {
        try await withTelegramSimulator { server, _ async throws in
            let answer = try await server.bot("getMe")
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json")
            let user = try answer.resultObject
            #expect(user["id"] as? Int == 123_456_789)
            #expect(user["is_bot"] as? Bool == true)
            #expect(user["first_name"] as? String == "Switchboard")
            #expect(user["username"] as? String == "switchboard_test_bot")
            #expect(user["can_join_groups"] as? Bool == true)
            #expect(user["can_read_all_group_messages"] as? Bool == false)
            #expect(user["supports_inline_queries"] as? Bool == false)
        }
    }

    @Test func methodNamesAreCaseInsensitiveAndGETWorks() async throws {
        try await withTelegramSimulator { server, _ async throws in
            let answer = try await server.get("/bot\(server.telegramToken)/GETME")
            #expect(try answer.resultObject["id"] as? Int == 123_456_789)
        }
    }

    @Test func aWrongTokenIsUnauthorizedAndAnUnknownMethodNotFound() async throws {
        try await withTelegramSimulator { server, _ async throws in
            let unauthorized = try await server.get("/bot1:wrong/getMe")
            #expect(unauthorized.status == 401)
            #expect(unauthorized.header("Content-Type") == "application/json")
            #expect(unauthorized.text == #"{"description":"Unauthorized","error_code":401,"ok":false}"#)
            let notFound = try await server.get("/bot\(server.telegramToken)/getMeAndMore")
            #expect(notFound.status == 404)
            #expect(notFound.text == #"{"description":"Not Found","error_code":404,"ok":false}"#)
        }
    }

    @Test func parametersArriveAsQueryFormJSONOrMultipart() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("hi", from: .alice, in: .aliceChat)
            let path = "/bot\(server.telegramToken)/sendMessage"
            let reply = #"{"message_id":1}"#
            let viaQuery = try await server.get(path + "?chat_id=1001&text=by%20query")
            let viaForm = try await server.send(
                "POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("chat_id=1001&text=by+form&reply_parameters=\(reply.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)".utf8)
            )
            let viaJSON = try await server.bot("sendMessage", ["chat_id": "1001", "text": "by json", "reply_parameters": ["message_id": 1]])
            let boundary = "----switchboard"
            let multipart = [("chat_id", "1001"), ("text", "by multipart"), ("reply_parameters", reply)].map {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n"
            }.joined() + "--\(boundary)--\r\n"
            let viaMultipart = try await server.send(
                "POST", path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: Array(multipart.utf8)
            )
            #expect(try viaQuery.resultObject["text"] as? String == "by query")
            for (answer, text) in [(viaForm, "by form"), (viaJSON, "by json"), (viaMultipart, "by multipart")] {
                let message = try answer.resultObject
                #expect(message["text"] as? String == text)
                #expect((message["reply_to_message"] as? [String: Any])?["text"] as? String == "hi", "\(text)")
            }
        }
    }

    @Test func sendMessageAnswersTheMessageAndLogsIt() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            let hello = await telegram.userSends("hello", from: .alice, in: .aliceChat)
            let answer = try await server.bot("sendMessage", ["chat_id": 1001, "text": "hi Alice"])
            let message = try answer.resultObject
            #expect(message["message_id"] as? Int == hello.messageID + 1)
            #expect((message["from"] as? [String: Any])?["id"] as? Int == 123_456_789)
            let chat = try #require(message["chat"] as? [String: Any])
            #expect(chat["id"] as? Int == 1001)
            #expect(chat["type"] as? String == "private")
            #expect(chat["first_name"] as? String == "Alice")
            #expect(message["entities"] == nil)
            #expect((message["date"] as? Int ?? 0) > 1_700_000_000)
            guard case let .sent(sent) = try await telegram.activity.first() else { Issue.record("not sent"); return }
            #expect(sent.text == "hi Alice")
            #expect(await telegram.messages(inChat: 1001).map(\.text) == ["hello", "hi Alice"])
        }
    }

    @Test func sendMessageRefusesUnknownChatsAndMissingOrEmptyText() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("hello", from: .alice, in: .aliceChat)
            let refusals: [([String: Any], String)] = [
                (["chat_id": 999, "text": "x"], "Bad Request: chat not found"),
                (["chat_id": "@alice", "text": "x"], "Bad Request: chat not found"),
                (["text": "x"], "Bad Request: chat_id is empty"),
                (["chat_id": 1001], "Bad Request: message text is empty"),
                (["chat_id": 1001, "text": " \n"], "Bad Request: message text is empty"),
                (["chat_id": 1001, "text": "x", "parse_mode": "BBCode"], "Bad Request: unsupported parse_mode"),
                (["chat_id": 1001, "text": "x", "reply_parameters": ["message_id": 77]], "Bad Request: message to be replied not found"),
            ]
            for (parameters, description) in refusals {
                let answer = try await server.bot("sendMessage", parameters)
                #expect(answer.status == 400, "\(parameters)")
                #expect(answer.apiDescription == description, "\(parameters)")
                #expect(try answer.json["ok"] as? Bool == false)
                #expect(try answer.json["error_code"] as? Int == 400)
            }
            #expect(await telegram.activity.all.isEmpty)
        }
    }

    @Test func theLengthLimitCountsUTF16CodeUnits() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("hello", from: .alice, in: .aliceChat)
            #expect(try await server.bot("sendMessage", ["chat_id": 1001, "text": String(repeating: "a", count: 4096)]).status == 200)
            #expect(try await server.bot("sendMessage", ["chat_id": 1001, "text": String(repeating: "😀", count: 2048)]).status == 200)
            let tooLong = try await server.bot("sendMessage", ["chat_id": 1001, "text": String(repeating: "a", count: 4097)])
            #expect(tooLong.status == 400)
            #expect(tooLong.apiDescription == "Bad Request: message is too long")
            let emojiTooLong = try await server.bot("sendMessage", ["chat_id": 1001, "text": String(repeating: "😀", count: 2048) + "a"])
            #expect(emojiTooLong.apiDescription == "Bad Request: message is too long")
            // Counted after parsing: the tags do not count.
            let bold = "<b>" + String(repeating: "a", count: 4096) + "</b>"
            #expect(try await server.bot("sendMessage", ["chat_id": 1001, "text": bold, "parse_mode": "HTML"]).status == 200)
        }
    }

    @Test func aReplyCarriesTheWholeRepliedMessage() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            let question = await telegram.userSends("/ask@switchboard_test_bot what?", from: .alice, in: .team)
            let answer = try await server.bot(
                "sendMessage", ["chat_id": -4001, "text": "this", "reply_parameters": ["message_id": question.messageID]]
            )
            let replied = try #require(try answer.resultObject["reply_to_message"] as? [String: Any])
            #expect(replied["message_id"] as? Int == question.messageID)
            #expect((replied["chat"] as? [String: Any])?["title"] as? String == "Team")
            let entities = try #require(replied["entities"] as? [[String: Any]])
            #expect(entities.first?["type"] as? String == "bot_command")
            #expect(entities.first?["length"] as? Int == 25)
            let legacy = try await server.bot("sendMessage", ["chat_id": -4001, "text": "that", "reply_to_message_id": question.messageID])
            #expect((try legacy.resultObject["reply_to_message"] as? [String: Any])?["message_id"] as? Int == question.messageID)
        }
    }

    @Test func forumTopicsNeedAKnownThread() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("in a topic", from: .bob, in: .forum, threadID: 42)
            let inTopic = try await server.bot("sendMessage", ["chat_id": TelegramChat.forum.id, "text": "ok", "message_thread_id": 42])
            let message = try inTopic.resultObject
            #expect(message["message_thread_id"] as? Int == 42)
            #expect(message["is_topic_message"] as? Bool == true)
            #expect((message["chat"] as? [String: Any])?["is_forum"] as? Bool == true)
            let unknown = try await server.bot("sendMessage", ["chat_id": TelegramChat.forum.id, "text": "no", "message_thread_id": 7])
            #expect(unknown.apiDescription == "Bad Request: message thread not found")
        }
    }

    @Test func editMessageTextReplacesTheTextOnce() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            let hello = await telegram.userSends("hello", from: .alice, in: .aliceChat)
            let sent = try await server.bot("sendMessage", ["chat_id": 1001, "text": "draft"]).resultObject
            let messageID = try #require(sent["message_id"] as? Int)
            let edited = try await server.bot(
                "editMessageText", ["chat_id": 1001, "message_id": messageID, "text": "<b>final</b>", "parse_mode": "HTML"]
            )
            let message = try edited.resultObject
            #expect(message["text"] as? String == "final")
            #expect(message["edit_date"] is Int)
            let same = try await server.bot(
                "editMessageText", ["chat_id": 1001, "message_id": messageID, "text": "<b>final</b>", "parse_mode": "HTML"]
            )
            #expect(same.status == 400)
            #expect(same.apiDescription?.hasPrefix("Bad Request: message is not modified: specified new message content") == true)
            let notTheBots = try await server.bot("editMessageText", ["chat_id": 1001, "message_id": hello.messageID, "text": "x"])
            #expect(notTheBots.apiDescription == "Bad Request: message can't be edited")
            let missing = try await server.bot("editMessageText", ["chat_id": 1001, "message_id": 99, "text": "x"])
            #expect(missing.apiDescription == "Bad Request: message to edit not found")
            let stored = try #require(await telegram.messages(inChat: 1001).last)
            #expect(stored.text == "final")
            #expect(stored.editCount == 1)
            guard case let .edited(logged) = try await telegram.activity.wait(for: 2)[1] else { Issue.record("not edited"); return }
            #expect(logged.text == "final")
        }
    }

    @Test func sendMessageDraftIsForPrivateChatsWithANonZeroDraftID() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("hello", from: .alice, in: .aliceChat)
            await telegram.userSends("hello all", from: .alice, in: .team)
            let draft = try await server.bot("sendMessageDraft", ["chat_id": 1001, "draft_id": 5, "text": "*thin*", "parse_mode": "MarkdownV2"])
            #expect(draft.text == #"{"ok":true,"result":true}"#)
            #expect(try await server.bot("sendMessageDraft", ["chat_id": 1001, "draft_id": 5, "text": ""]).status == 200)
            let inGroup = try await server.bot("sendMessageDraft", ["chat_id": -4001, "draft_id": 5, "text": "x"])
            #expect(inGroup.apiDescription == "Bad Request: TEXTDRAFT_PEER_INVALID")
            let zero = try await server.bot("sendMessageDraft", ["chat_id": 1001, "draft_id": 0, "text": "x"])
            #expect(zero.status == 400)
            let drafts = try await telegram.activity.wait(for: 2)
            guard case let .draft(chatID, threadID, draftID, text) = drafts[0] else { Issue.record("not a draft"); return }
            #expect(chatID == 1001 && threadID == nil && draftID == 5 && text == "thin")
            #expect(await telegram.activity.all.count == 2)
        }
    }

    @Test func sendChatActionAcceptsTelegramsActionsOnly() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("hello", from: .alice, in: .aliceChat)
            #expect(try await server.bot("sendChatAction", ["chat_id": 1001, "action": "typing"]).text == #"{"ok":true,"result":true}"#)
            let wrong = try await server.bot("sendChatAction", ["chat_id": 1001, "action": "dancing"])
            #expect(wrong.apiDescription == "Bad Request: wrong parameter action in request")
            guard case let .chatAction(chatID, _, action) = try await telegram.activity.first() else { Issue.record("no action"); return }
            #expect(chatID == 1001 && action == "typing")
            #expect(await telegram.activity.all.count == 1)
        }
    }

    @Test func plannedFaultsAnswerWithTelegramsErrorBodies() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            server.faults.add(telegram.rateLimitFault(method: "sendMessage", retryAfter: 3))
            server.faults.add(telegram.errorFault(method: "getMe", errorCode: 403, description: "Forbidden: bot was blocked by the user"))
            let limited = try await server.bot("sendMessage", ["chat_id": 1, "text": "x"])
            #expect(limited.status == 429)
            #expect(limited.header("Content-Type") == "application/json")
            #expect(limited.text == #"{"description":"Too Many Requests: retry after 3","error_code":429,"ok":false,"parameters":{"retry_after":3}}"#)
            let forbidden = try await server.bot("getMe")
            #expect(forbidden.status == 403)
            #expect(forbidden.text == #"{"description":"Forbidden: bot was blocked by the user","error_code":403,"ok":false}"#)
            #expect(try await server.bot("getMe").status == 200, "used up")
        }
    }

    @Test func resetForgetsChatsMessagesUpdatesAndActivity() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("hello", from: .alice, in: .aliceChat)
            _ = try await server.bot("sendChatAction", ["chat_id": 1001, "action": "typing"])
            await server.reset()
            #expect(await telegram.pendingUpdateCount() == 0)
            #expect(await telegram.messages(inChat: 1001).isEmpty)
            #expect(await telegram.activity.all.isEmpty)
            #expect(try await server.bot("sendMessage", ["chat_id": 1001, "text": "x"]).apiDescription == "Bad Request: chat not found")
            let again = await telegram.userSends("again", from: .alice, in: .aliceChat)
            #expect(again.messageID == 1)
            #expect(again.updateID == 700_000_001)
        }
    }
}
