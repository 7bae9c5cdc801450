import Foundation
import SwitchboardCore
@testable import SwitchboardHost
import SwitchboardSimulator
import Testing

/// The DingTalk plugin end to end, in Stream mode: host + the real `.so` + the DingTalk
/// simulator's gateway, session webhooks, robot APIs and AI cards.
@Suite(.timeLimit(.minutes(1))) struct DingTalkTests {
    @Test func privateChatsAreAnsweredThroughTheSessionWebhook() async throws {
        let harness = try await DingTalkHarness()
        let first = try await harness.ask("hello there, how are you")
        #expect(first == DingTalkBotMessage(route: .sessionWebhook, conversationID: DingTalkConversation.single(with: .alice).id,
                                            msgtype: "markdown", text: "hello there, how are you", title: "hello there, how are you"))
        #expect(try await harness.ask("a **second** turn").text == "a **second** turn")
        let status = try await harness.ask("/status")
        #expect(status.msgtype == "text", "command replies are plain text")
        #expect(status.text.contains("Conversation: #1 \"hello there, how are you\", 4 messages"), "both turns in one conversation: \(status.text)")
        #expect(status.text.contains("Channel: dt (dingtalk)"))
        #expect(await harness.dingtalk.unacknowledgedCount() == 0, "every message was acknowledged once stored")

        let open = try #require(await harness.calls(to: "/v1.0/gateway/connections/open").first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(open.body)) as? [String: Any])
        #expect(body["clientId"] as? String == harness.dingtalk.clientID)
        #expect(body["ua"] as? String == "switchboard-dingtalk/1.0.0")
        let subscriptions = try #require(body["subscriptions"] as? [[String: String]])
        #expect(subscriptions == [["type": "CALLBACK", "topic": "/v1.0/im/bot/messages/get"]])
        await harness.shutdown()
    }

    @Test func everyCommandIsAnswered() async throws {
        let harness = try await DingTalkHarness()
        #expect(try await harness.ask("/help").text.contains("/session"))
        #expect(try await harness.ask("/new").text == "Start something new:\n1. New chat\n2. New task\nReply with a number, or /cancel.")
        #expect(try await harness.ask("/cancel").text == "Cancelled.")
        #expect(try await harness.ask("/task").text == "Task mode: started task #1 \"New task\". Tell me what to do.")
        #expect(try await harness.ask("write the report").text == "write the report")
        #expect(try await harness.ask("/chat").text == "Chat mode: started a new conversation, #2 \"New chat\".")
        #expect(try await harness.ask("/switch").text == "Switch to which task?\n1. Task #1 \"write the report\"\nReply with a number, or /cancel.")
        #expect(try await harness.ask("1").text == "Continuing task #1 \"write the report\".")
        #expect(try await harness.ask("/bind 1").text == "This chat now continues task #1 \"write the report\".")
        #expect(try await harness.ask("/statsu").text == "Unknown command /statsu. Did you mean /status? Send /help for the list.")
        let group = DingTalkConversation.group(id: "cidGroupTeam01", title: "Team")
        #expect(try await harness.ask("/status", from: .bob, in: group).text.contains("Agent: echo"))
        await harness.shutdown()
    }

    @Test func groupsAreAnsweredWhenTheRobotIsMentioned() async throws {
        let harness = try await DingTalkHarness()
        let group = DingTalkConversation.group(id: "cidGroupTeam01", title: "Team")
        await harness.dingtalk.userSends("people talking among themselves", from: .alice, in: group, atBot: false)
        let answer = try await harness.ask("summarise please", from: .bob, in: group)
        #expect(answer.text == "summarise please")
        #expect(answer.route == .sessionWebhook)
        // One chat's messages are handled in order: the unaddressed one came first.
        #expect(await harness.dingtalk.messages(inConversation: group.id).count == 1)
        #expect(await harness.dingtalk.unacknowledgedCount() == 0, "an unaddressed message is acknowledged too")
        // Group and single chats are separate conversations.
        #expect(try await harness.ask("/status").text.contains("Conversation: none yet"))
        await harness.shutdown()
    }

    @Test func expiredSessionWebhooksGiveWayToTheRobotAPIs() async throws {
        let harness = try await DingTalkHarness()
        let dingtalk = harness.dingtalk
        let group = DingTalkConversation.group(id: "cidGroupTeam01", title: "Team")
        _ = try await harness.ask("first", from: .alice)
        _ = try await harness.ask("first in the group", from: .bob, in: group)
        let single = DingTalkConversation.single(with: .alice)
        // DingTalk no longer takes the webhooks (the outbox after a restart, say).
        await dingtalk.expireSessionWebhooks()
        _ = try await harness.host.channels.send(OutboundMessage(channelID: "dt", chatID: single.id, chatType: .private, text: "**later**", format: .markdown))
        await dingtalk.revokeAccessTokens()
        _ = try await harness.host.channels.send(OutboundMessage(channelID: "dt", chatID: group.id, chatType: .group, text: "to the group"))
        let private1 = try #require(await dingtalk.messages(inConversation: single.id).last)
        #expect(private1 == DingTalkBotMessage(route: .batchSend, conversationID: single.id, msgtype: "markdown", text: "**later**", title: "later"))
        let group1 = try #require(await dingtalk.messages(inConversation: group.id).last)
        #expect(group1 == DingTalkBotMessage(route: .groupMessages, conversationID: group.id, msgtype: "text", text: "to the group", title: nil))
        // The revoked token was refused once, then replaced.
        #expect(await harness.calls(to: "/v1.0/oauth2/accessToken").count == 2)
        #expect(await harness.calls(to: "/v1.0/robot/groupMessages/send").count == 2)
        await harness.shutdown()
    }

    @Test func webhooksAboutToExpireAreNotUsed() async throws {
        // Webhooks valid for less than the minute the channel keeps in hand.
        let harness = try await DingTalkHarness(simulator: DingTalkSimulator(sessionWebhookLifetime: .seconds(30)))
        let answer = try await harness.ask("hello")
        #expect(answer.route == .batchSend && answer.text == "hello")
        #expect(await harness.calls(to: "/robot/sendBySession").isEmpty)
        await harness.shutdown()
    }

    @Test func aBusySessionWebhookIsTriedAgain() async throws {
        let harness = try await DingTalkHarness()
        harness.server.faults.add(.respond(.exact("/robot/sendBySession"), status: 502, headers: ["Content-Type": "text/html"],
                                           body: "<html>502 Bad Gateway</html>"))
        #expect(try await harness.ask("are you busy?").text == "are you busy?")
        #expect(await harness.calls(to: "/robot/sendBySession").count == 2, "the 502 was transient: sent again, once")
        await harness.shutdown()
    }

    @Test func aConversationThatNeverWroteCannotBeAnswered() async throws {
        let harness = try await DingTalkHarness()
        await #expect(throws: ReplySendError.self) {
            try await harness.host.channels.send(OutboundMessage(channelID: "dt", chatID: "cidNobody", chatType: .private, text: "hi"))
        }
        await harness.shutdown()
    }

    // MARK: AI cards

    @Test func answersStreamIntoAnAICardBoundedByTheThrottle() async throws {
        let harness = try await DingTalkHarness(cardTemplateID: DingTalkSimulator.defaultCardTemplateID, wordIntervalMS: 20, updateIntervalMS: 150)
        let text = (1...40).map { "word\($0)" }.joined(separator: " ")
        let started = ContinuousClock.now
        await harness.dingtalk.userSends(text, from: .alice, in: .single(with: .alice))
        let trackID = try await harness.settledCard()
        let elapsed = ContinuousClock.now - started
        let card = try #require(await harness.dingtalk.card(trackID))

        #expect(card.params["msgContent"] == text, "the final card text is the agent's answer")
        #expect(card.params["flowStatus"] == "3", "finished")
        #expect(card.finalized && !card.failed)
        // Created "processing", "inputting" before the first text streams in.
        let statuses = await harness.dingtalk.activity.all.compactMap(\.cardStatus).filter { $0.outTrackID == trackID }.map(\.flowStatus)
        #expect(statuses == ["2", "3"], "\(statuses)")
        let firstText = await harness.dingtalk.activity.all.firstIndex { if case .cardStreamed = $0 { true } else { false } }
        let inputting = await harness.dingtalk.activity.all.firstIndex { $0.cardStatus?.flowStatus == "2" }
        #expect(try #require(inputting) < #require(firstText))
        #expect(card.openSpaceID == "dtv1.card//IM_ROBOT.\(DingTalkUser.alice.staffID)")
        #expect(card.templateID == DingTalkSimulator.defaultCardTemplateID)
        let updates = card.streamingUpdates
        #expect(updates.allSatisfy { $0.isFull && $0.key == "msgContent" }, "each update replaces the text whole")
        #expect(updates.last?.content == text)
        #expect(updates.dropLast().contains { !$0.content.isEmpty && text.hasPrefix($0.content) && $0.content != text },
                "part of the answer showed before the end: \(updates.map(\.content))")
        // At most one update per interval, plus the first text and the final one.
        let bound = Int(elapsed / .milliseconds(150)) + 2
        #expect(updates.count <= bound, "\(updates.count) updates in \(elapsed), bound \(bound)")
        #expect(await harness.dingtalk.messages(inConversation: DingTalkConversation.single(with: .alice).id).isEmpty,
                "the card is the answer: no second message")
        await harness.shutdown()
    }

    @Test func groupCardsAreDeliveredToTheGroup() async throws {
        let harness = try await DingTalkHarness(cardTemplateID: DingTalkSimulator.defaultCardTemplateID)
        let group = DingTalkConversation.group(id: "cidGroupTeam01", title: "Team")
        await harness.dingtalk.userSends("answer in the group", from: .bob, in: group)
        let trackID = try await harness.settledCard()
        let card = try #require(await harness.dingtalk.card(trackID))
        #expect(card.openSpaceID == "dtv1.card//IM_GROUP.\(group.id)")
        #expect(card.params["msgContent"] == "answer in the group")
        let create = try #require(await harness.calls(to: "/v1.0/card/instances/createAndDeliver").first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(create.body)) as? [String: Any])
        #expect((body["imGroupOpenDeliverModel"] as? [String: String])?["robotCode"] == harness.dingtalk.clientID)
        #expect(body["callbackType"] as? String == "STREAM")
        await harness.shutdown()
    }

    @Test func aFailedAnswerMarksItsCardFailed() async throws {
        let harness = try await DingTalkHarness(cardTemplateID: DingTalkSimulator.defaultCardTemplateID, agent: "broken")
        let single = DingTalkConversation.single(with: .alice)
        await harness.dingtalk.userSends("do the impossible", from: .alice, in: single)
        let trackID = try await harness.settledCard()
        let card = try #require(await harness.dingtalk.card(trackID))
        #expect(card.failed, "the final update carries isError")
        #expect(card.streamingUpdates.last?.isError == true)
        #expect(card.params["flowStatus"] == "5", "failed")
        #expect(card.params["msgContent"]?.hasPrefix("half an answer") == true)
        // The user is told, in a message of its own.
        let notice = try await harness.botMessages(in: single, count: 1)[0]
        #expect(notice.text.contains("agent") && !notice.text.contains("half an answer"), "\(notice.text)")
        await harness.shutdown()
    }

    @Test func withoutATemplateAnswersAreSentWhole() async throws {
        let harness = try await DingTalkHarness(wordIntervalMS: 5)
        let answer = try await harness.ask("no card for this one")
        #expect(answer.text == "no card for this one")
        #expect(await harness.dingtalk.cards().isEmpty)
        #expect(await harness.calls(to: "/v1.0/card/streaming").isEmpty)
        await harness.shutdown()
    }

    // MARK: The gateway

    @Test func aGatewayDisconnectLosesNoMessage() async throws {
        let harness = try await DingTalkHarness(wordIntervalMS: 2)
        let dingtalk = harness.dingtalk
        let users: [DingTalkUser] = [.alice, .bob, DingTalkUser(staffID: "carol03", nick: "Carol")]
        for (index, user) in users.enumerated() {
            await dingtalk.userSends("before \(index)", from: user, in: .single(with: user))
        }
        _ = try await harness.botMessages(in: .single(with: .alice), count: 1)
        await dingtalk.sendDisconnect()
        for (index, user) in users.enumerated() {
            await dingtalk.userSends("during \(index)", from: user, in: .single(with: user))
        }
        for (index, user) in users.enumerated() {
            let answers = try await harness.botMessages(in: .single(with: user), count: 2).map(\.text)
            #expect(answers == ["before \(index)", "during \(index)"])
        }
        try await harness.connected()
        #expect(await harness.calls(to: "/v1.0/gateway/connections/open").count == 2, "a new ticket for the new connection")
        #expect(await dingtalk.unacknowledgedCount() == 0)
        // Nothing answered twice, even what was pushed again on the new connection.
        for user in users {
            #expect(await dingtalk.messages(inConversation: DingTalkConversation.single(with: user).id).count == 2)
        }
        await harness.shutdown()
    }

    @Test func aDroppedConnectionIsReopened() async throws {
        let harness = try await DingTalkHarness()
        try await harness.dingtalk.waitForConnections(1)
        let updates = harness.host.channels.statusUpdates()
        await harness.dingtalk.dropConnections()
        let lost = try await harness.host.channels.waitForStatus(of: "dt", in: updates) { $0.state == .disconnected }
        #expect(lost.lastError?.message.contains("the gateway") == true, "\(String(describing: lost.lastError))")
        let answer = try await harness.ask("still there?")
        #expect(answer.text == "still there?")
        try await harness.connected()
        #expect(await harness.calls(to: "/v1.0/gateway/connections/open").count == 2)
        await harness.shutdown()
    }

    @Test func pingsAreAnsweredWithTheirOpaque() async throws {
        let harness = try await DingTalkHarness()
        try await harness.dingtalk.waitForConnections(1)
        let opaques = await harness.dingtalk.sendPing()
        let opaque = try #require(opaques.first)
        #expect(try await harness.dingtalk.activity.first { $0.pongOpaque != nil }.pongOpaque == opaque)
        await harness.shutdown()
    }

    @Test func aWrongSecretIsAClearChannelError() async throws {
        let harness = try await DingTalkHarness(clientSecret: "not-the-secret-at-all", waitForConnection: false)
        let status = try await harness.settledStatus { $0.state == .failed }
        let message = try #require(status.lastError?.message)
        #expect(message.contains("DingTalk rejected the app's credentials"), "\(message)")
        #expect(message.contains("401 authFailed"), "\(message)")
        #expect(message.contains("settings.client_secret"))
        #expect(!message.contains("not-the-secret-at-all"), "the secret never shows")
        await harness.shutdown()
    }
}
