import Foundation
import SwitchboardCore
@testable import SwitchboardHost
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// The Telegram plugin end to end: host + the real `.so` + the Telegram simulator.
@Suite(.timeLimit(.minutes(1))) struct TelegramTests {
    static let bot = TelegramUser.defaultBot

    @Test func privateChatStreamsDraftsThenSendsTheAnswer() async throws {
        let harness = try await TelegramHarness()
        let chat = TelegramChat.privateChat(with: .alice)
        let first = await harness.telegram.userSends("hello there, how are you", from: .alice, in: chat)
        try await harness.expectAnswer(to: first, "hello there, how are you")
        let second = await harness.telegram.userSends("a second turn", from: .alice, in: chat)
        try await harness.expectAnswer(to: second, "a second turn")

        let activity = await harness.telegram.activity.all
        let drafts = activity.compactMap(\.draft).filter { $0.chatID == chat.id }.map(\.text)
        #expect(drafts.first == "", "the first draft is empty: Telegram shows \"Thinking…\"")
        #expect(drafts.contains { "hello there, how are you".hasPrefix($0) && !$0.isEmpty && $0 != "hello there, how are you" },
                "a part of the answer showed in a draft before the end: \(drafts)")
        #expect(activity.contains { $0.chatAction?.chatID == chat.id && $0.chatAction?.action == "typing" })
        #expect(activity.compactMap(\.edited).isEmpty, "private chats use drafts, not edits")
        let status = try await harness.ask("/status")
        #expect(status.contains("Conversation: #1 \"hello there, how are you\", 4 messages"), "both turns in one conversation: \(status)")
        #expect(status.contains("Channel: tg (telegram)"))
        await harness.shutdown()
    }

    @Test func everyCommandIsAnswered() async throws {
        let harness = try await TelegramHarness(wordIntervalMS: 0)
        #expect(try await harness.ask("/help").contains("/session"))
        #expect(try await harness.ask("/new") == "Start something new:\n1. New chat\n2. New task\nReply with a number, or /cancel.")
        #expect(try await harness.ask("/cancel") == "Cancelled.")
        #expect(try await harness.ask("/task") == "Task mode: started task #1 \"New task\". Tell me what to do.")
        #expect(try await harness.ask("write the report") == "write the report")
        #expect(try await harness.ask("/status").contains("Mode: task"))
        #expect(try await harness.ask("/chat") == "Chat mode: started a new conversation, #2 \"New chat\".")
        #expect(try await harness.ask("/switch") == "Switch to which task?\n1. Task #1 \"write the report\"\nReply with a number, or /cancel.")
        #expect(try await harness.ask("1") == "Continuing task #1 \"write the report\".")
        #expect(try await harness.ask("/session") == "This chat is bound to #1 \"write the report\" (task).")
        #expect(try await harness.ask("/bind 1") == "This chat now continues task #1 \"write the report\".")
        #expect(try await harness.ask("/clear").hasPrefix("Cleared: the agent starts afresh"))
        #expect(try await harness.ask("/statsu") == "Unknown command /statsu. Did you mean /status? Send /help for the list.")
        // In a group, a command names the bot.
        let group = TelegramChat.group(id: -4001, title: "Team")
        let command = await harness.telegram.userSends("/status@\(Self.bot.username!)", from: .bob, in: group)
        #expect(try await harness.firstReply(to: command).text.contains("Agent: echo"))
        await harness.shutdown()
    }

    @Test func groupsAnswerOnlyWhenAddressed() async throws {
        let harness = try await TelegramHarness(wordIntervalMS: 0)
        let group = TelegramChat.group(id: -4001, title: "Team")
        let telegram = harness.telegram
        let ignored = await telegram.userSends("people talking among themselves", from: .alice, in: group)
        let otherBot = await telegram.userSends("/status@some_other_bot", from: .alice, in: group)
        let mention = await telegram.userSends("@\(Self.bot.username!) summarise please", from: .bob, in: group)
        try await harness.expectAnswer(to: mention, "summarise please")
        let answer = try await harness.firstReply(to: mention)
        let reply = await telegram.userSends("thanks for that", from: .alice, in: group, replyTo: answer.messageID)
        try await harness.expectAnswer(to: reply, "thanks for that")
        let byName = await telegram.userSends("Switchboard, one more", from: .alice, in: group,
                                               entities: [TelegramEntity(type: "text_mention", offset: 0, length: 11, user: Self.bot)])
        try await harness.expectAnswer(to: byName, ", one more")
        let midText = await telegram.userSends("hey @\(Self.bot.username!) are you there", from: .bob, in: group)
        try await harness.expectAnswer(to: midText, "hey @\(Self.bot.username!) are you there")

        // Messages of one chat are handled in order: the unaddressed ones came first.
        #expect(await harness.replies(to: ignored).isEmpty)
        #expect(await harness.replies(to: otherBot).isEmpty)
        // Groups show a placeholder that is edited as the answer grows.
        #expect(answer.text != "summarise please")
        #expect(await telegram.activity.all.compactMap(\.edited).contains { $0.messageID == answer.messageID })
        #expect(await telegram.activity.all.compactMap(\.draft).isEmpty, "no drafts outside private chats")
        await harness.shutdown()
    }

    @Test func forumTopicsAreAnsweredInTheirTopic() async throws {
        let harness = try await TelegramHarness(wordIntervalMS: 0)
        let forum = TelegramChat.supergroup(id: -1001234567890, title: "Forum", isForum: true)
        let question = await harness.telegram.userSends("@\(Self.bot.username!) in the topic", from: .alice, in: forum, threadID: 42)
        try await harness.expectAnswer(to: question, "in the topic")
        let answer = try await harness.firstReply(to: question)
        #expect(answer.threadID == 42)
        #expect(await harness.telegram.activity.all.contains { $0.chatAction?.chatID == forum.id && $0.chatAction?.threadID == 42 })
        // Each topic is a conversation of its own.
        let other = await harness.telegram.userSends("/status@\(Self.bot.username!)", from: .alice, in: forum, threadID: 43)
        #expect(try await harness.firstReply(to: other).text.contains("Conversation: none yet"))
        await harness.shutdown()
    }

    @Test func longAnswersAreSplitAtTheLimitInUTF16Units() async throws {
        let harness = try await TelegramHarness(wordIntervalMS: 0)
        let chat = TelegramChat.privateChat(with: .alice)
        let text = Array(repeating: "😀😀 grin", count: 1000).joined(separator: " ")  // 9,999 units
        let message = await harness.telegram.userSends(text, from: .alice, in: chat)
        let parts = try await harness.telegram.activity.wait(for: 3) { $0.sent?.isReply(to: message) == true }.compactMap(\.sent)
        for part in parts {
            #expect(part.text.utf16.count <= 4096, "a part of \(part.text.utf16.count) units")
            #expect(!part.text.contains("\u{FFFD}"), "no surrogate pair cut in two")
        }
        #expect(parts.map(\.text).joined().filter { !$0.isWhitespace } == text.filter { !$0.isWhitespace })
        await harness.shutdown()
    }

    @Test func markdownIsFormattedAndMalformedFormattingFallsBackToPlainText() async throws {
        let harness = try await TelegramHarness(wordIntervalMS: 0)
        #expect(try await harness.ask("**bold** and `code` <tag> & more") == "bold and code <tag> & more")
        let formatted = try #require(await harness.telegram.activity.all.compactMap(\.sent).last)
        #expect(formatted.entities.map(\.type).sorted() == ["bold", "code"])

        let tricky = #"*a \*b* [Swift](https://e.org/S_(x)) **b *i* c**"#
        #expect(try await harness.ask(tricky) == "a *b Swift b i c", "escapes, links with parentheses, nested marks")
        let trickyEntities = try #require(await harness.telegram.activity.all.compactMap(\.sent).last).entities.map(\.type)
        #expect(trickyEntities.sorted() == ["bold", "italic", "italic", "text_link"])

        harness.server.faults.add(harness.telegram.errorFault(
            method: "sendMessage", errorCode: 400,
            description: "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""))
        #expect(try await harness.ask("**kept** text") == "**kept** text", "sent again without parse_mode, nothing lost")
        let attempts = await harness.calls(to: "sendMessage").suffix(2).map { $0.text ?? "" }
        #expect(attempts.first?.contains("\"parse_mode\":\"HTML\"") == true)
        #expect(attempts.last?.contains("parse_mode") == false)
        await harness.shutdown()
    }

    @Test func rateLimitsAndServerErrorsAreRecoveredFrom() async throws {
        let harness = try await TelegramHarness(wordIntervalMS: 0) { server in
            // The first two polls meet a failing server.
            server.faults.add(TelegramSimulator().errorFault(method: "getUpdates", errorCode: 502, description: "Bad Gateway", count: 2))
        }
        #expect(try await harness.ask("after a bad gateway") == "after a bad gateway")
        #expect(await harness.calls(to: "getUpdates").count >= 3)

        harness.server.faults.add(harness.telegram.rateLimitFault(method: "sendMessage", retryAfter: 1))
        #expect(try await harness.ask("slow down") == "slow down")
        let sends = await harness.calls(to: "sendMessage").suffix(2)
        let waited = sends.last!.time.timeIntervalSince(sends.first!.time)
        #expect(waited >= 1, "the retry honoured retry_after: 1 (waited \(waited) s)")

        harness.server.faults.add(harness.telegram.errorFault(method: "sendMessage", errorCode: 500, description: "Internal Server Error"))
        #expect(try await harness.ask("server trouble") == "server trouble")
        let status = try await harness.settledStatus { _ in true }
        #expect(status.state == .connected)
        await harness.shutdown()
    }

    @Test func webhookModeVerifiesTheSecretAndSwitchingBackDeletesIt() async throws {
        let harness = try await TelegramHarness(mode: "webhook", wordIntervalMS: 0)
        let hookURL = harness.host.ingressURL(ofChannel: "tg")
        #expect(await harness.telegram.webhookURL() == hookURL)
        let setWebhook = try #require(await harness.calls(to: "setWebhook").last?.text)
        #expect(setWebhook.contains("\"secret_token\":\""))
        #expect(try await harness.ask("through the webhook") == "through the webhook")

        // A request without the secret is refused and never answered.
        let forged = #"{"update_id":1,"message":{"message_id":999,"from":{"id":1001,"is_bot":false,"first_name":"Alice"},"chat":{"id":1001,"type":"private"},"date":1700000000,"text":"forged"}}"#
        let client = HTTPClient(proxy: "")
        for secret in [nil, "wrong-secret"] {
            var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
            if let secret { headers.append(("X-Telegram-Bot-Api-Secret-Token", secret)) }
            let response = try await client.execute(HTTPRequest(method: "POST", url: hookURL, headers: headers, body: Array(forged.utf8)))
            #expect(response.status == 401)
        }
        #expect(try await harness.ask("still here") == "still here")
        #expect(!(await harness.telegram.activity.all.compactMap(\.sent).contains { $0.replyToMessageID == 999 }))

        try await harness.restart(mode: "polling")
        #expect(await harness.telegram.webhookURL() == nil, "polling mode deleted the webhook")
        #expect(try await harness.ask("polling again") == "polling again")
        await harness.shutdown()
    }

    @Test func aReplySentAgainIsNotShownTwiceEvenAfterARestart() async throws {
        let harness = try await TelegramHarness(wordIntervalMS: 0)
        let question = await harness.telegram.userSends("hi", from: .alice, in: .privateChat(with: .alice))
        let answer = try await harness.firstReply(to: question)
        let chatID = String(TelegramUser.alice.id)
        // The host repeats a send when it cannot know whether the first one arrived.
        let reply = OutboundMessage(channelID: "tg", chatID: chatID, chatType: .private, text: "sent once", idempotencyKey: "tg:7:1")
        let sent = try await harness.host.channels.send(reply)
        // An answer streams again when a crash interrupted the turn it belongs to (one
        // answer per message: the message it quotes keys it).
        let target = ReplyTarget(channelID: "tg", chatID: chatID, chatType: .private, replyToID: "\(chatID)/\(answer.messageID)")
        let stream = try await harness.host.channels.beginStream(in: target)
        let streamed = try await harness.host.channels.finishStream(stream, in: target, finalText: "streamed once", failed: false)

        try await harness.restart(mode: "polling")
        #expect(try await harness.host.channels.send(reply) == sent)
        let again = try await harness.host.channels.beginStream(in: target)
        #expect(try await harness.host.channels.finishStream(again, in: target, finalText: "streamed once", failed: false) == streamed)
        let texts = await harness.telegram.activity.all.compactMap(\.sent).map(\.text)
        #expect(texts.filter { $0 == "sent once" }.count == 1)
        #expect(texts.filter { $0 == "streamed once" }.count == 1)
        let drafts = await harness.telegram.activity.all.compactMap(\.draft).filter { $0.text.isEmpty }
        #expect(drafts.count == 2, "one draft for the echo, one for the first stream; none for an answer already sent")
        await harness.shutdown()
    }

    @Test func anotherPollerIsReportedAsAConflict() async throws {
        let harness = try await TelegramHarness()
        // Wait until the channel's poll is waiting, then poll as a second instance would.
        _ = try await harness.server.requests.first { $0.path.hasSuffix("/getUpdates") }
        let url = "\(harness.server.baseURL)/bot\(harness.telegram.token)/getUpdates?timeout=1"
        async let intruder = HTTPClient(proxy: "").execute(HTTPRequest(url: url))
        let status = try await harness.settledStatus { $0.lastError?.message.contains("another instance is polling") == true }
        #expect(status.lastError?.message.contains("Conflict: terminated by other getUpdates request") == true)
        _ = try? await intruder
        // The host starts the channel again, and it polls as before.
        try await harness.connected()
        #expect(try await harness.ask("back again") == "back again")
        await harness.shutdown()
    }

    @Test func aRejectedTokenStopsTheChannelWithAClearError() async throws {
        let harness = try await TelegramHarness(token: "42:not-the-right-token", waitForConnection: false)
        let status = try await harness.settledStatus { $0.state == .failed }
        #expect(status.lastError?.message.contains("Telegram rejected the bot token (401 Unauthorized)") == true)
        #expect(status.lastError?.message.contains("not-the-right-token") == false)
        await harness.shutdown()
    }
}
