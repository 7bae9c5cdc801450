import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// The DingTalk simulator's control routes, faults and reset.
@Suite(.timeLimit(.minutes(2))) struct DingTalkControlTests {
    @Test func theCatalogRunsIt() throws {
        #expect(SimulatorCatalog.bundled.names.contains("dingtalk"))
        #expect(try SimulatorCatalog.bundled.make("dingtalk") is DingTalkSimulator)
    }

    @Test func aControlMessageIsPushedAndAnsweredOncePushed() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let answer = try await server.postDingTalk("/_sim/dingtalk/messages", [
                "text": "from a script", "from": ["staffId": "carol03", "nick": "Carol"],
                "conversation": ["id": "cidScripts==", "type": "2", "title": "Scripts"], "atBot": false,
            ])
            #expect(answer.status == 200)
            let frame = try await socket.receiveJSON()
            #expect(try answer.json["frameMessageId"] as? String == frame.frameHeaders["messageId"] as? String)
            #expect(try answer.json["data"] as? String == frame["data"] as? String)
            #expect(try answer.json["conversationId"] as? String == "cidScripts==")
            #expect(try (answer.json["sessionWebhook"] as? String)?.hasPrefix(server.baseURL + "/robot/sendBySession?session=") == true)
            let data = try frame.frameData
            #expect(data["senderStaffId"] as? String == "carol03")
            #expect(data["senderNick"] as? String == "Carol")
            #expect(data["conversationTitle"] as? String == "Scripts")
            #expect(data["isInAtList"] as? Bool == false)
            #expect(data["msgId"] as? String == (try answer.json["msgId"] as? String))

            let stream = try await server.get("/_sim/dingtalk/stream").json
            #expect(stream["openConnections"] as? Int == 1)
            #expect(stream["unacknowledged"] as? Int == 1)

            let bad = try await server.postDingTalk("/_sim/dingtalk/messages", ["text": "no sender"])
            #expect(bad.status == 400)
        }
    }

    @Test func controlRoutesShowMessagesAndCardsAndPingAndDisconnect() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let pushed = await dingtalk.userSends("hi", from: .alice, in: .aliceChat)
            _ = try await socket.receiveJSON()
            let webhook = String(pushed.sessionWebhook.dropFirst(server.baseURL.count))
            _ = try await server.postDingTalk(webhook, ["msgtype": "markdown", "markdown": ["title": "T", "text": "body"]])
            let messages = try await server.jsonArray("/_sim/dingtalk/conversations/cidSingle-alice01/messages")
            #expect(messages.count == 1)
            #expect(messages.first?["route"] as? String == "sessionWebhook")
            #expect(messages.first?["msgtype"] as? String == "markdown")
            #expect(messages.first?["title"] as? String == "T")
            #expect(messages.first?["text"] as? String == "body")

            let token = try await server.dingTalkAccessToken()
            _ = try await server.postDingTalk("/v1.0/card/instances/createAndDeliver", [
                "cardTemplateId": DingTalkSimulator.defaultCardTemplateID, "outTrackId": "card-1",
                "cardData": ["cardParamMap": ["content": "x"]], "openSpaceId": "dtv1.card//IM_ROBOT.alice01",
            ], accessToken: token)
            let cards = try await server.jsonArray("/_sim/dingtalk/cards")
            #expect(cards.map { $0["outTrackId"] as? String } == ["card-1"])
            #expect(cards.first?["params"] as? [String: String] == ["content": "x"])
            #expect(cards.first?["finalized"] as? Bool == false)

            let ping = try await server.send("POST", "/_sim/dingtalk/ping")
            let opaques = try #require(try ping.json["opaques"] as? [String])
            #expect(opaques.count == 1)
            #expect(try await socket.receiveJSON().frameData["opaque"] as? String == opaques.first)
            #expect(try await server.send("POST", "/_sim/dingtalk/disconnect").status == 204)
            #expect(try await socket.receiveJSON().frameHeaders["topic"] as? String == "disconnect")
        }
    }

    @Test func controlRoutesAddCustomRobotsAndShowTheirMessages() async throws {
        try await withDingTalkSimulator { server, _ async throws in
            #expect(try await server.postDingTalk("/_sim/dingtalk/webhook-robots", ["accessToken": "ops"]).status == 204)
            let sent = try await server.postDingTalk("/robot/send?access_token=ops", ["msgtype": "text", "text": ["content": "up"]])
            #expect(sent.errcode == 0)
            let messages = try await server.jsonArray("/_sim/dingtalk/webhook-robots/ops/messages")
            #expect(messages.map { $0["text"] as? String } == ["up"])
            #expect(messages.first?["route"] as? String == "webhookRobot")
        }
    }

    @Test func anErrorFaultAnswersWithANewAPIErrorBody() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            server.faults.add(dingtalk.errorFault(
                path: "/v1.0/oauth2/accessToken", status: 429, code: "Throttling.Api", message: "请求被流控"
            ))
            let limited = try await server.postDingTalk(
                "/v1.0/oauth2/accessToken",
                ["appKey": DingTalkSimulator.defaultClientID, "appSecret": DingTalkSimulator.defaultClientSecret]
            )
            #expect(limited.status == 429)
            #expect(limited.header("Content-Type") == "application/json")
            #expect(limited.dingTalkCode == "Throttling.Api")
            #expect(try limited.json["message"] as? String == "请求被流控")
            #expect(try limited.json["requestid"] is String)
            _ = try await server.dingTalkAccessToken()  // used up
        }
    }

    @Test func resetForgetsEverythingAndDropsTheStream() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let pushed = await dingtalk.userSends("hi", from: .alice, in: .team)
            let token = try await server.dingTalkAccessToken()
            await dingtalk.addWebhookRobot(accessToken: "ops", secret: nil)
            _ = try await server.postDingTalk(String(pushed.sessionWebhook.dropFirst(server.baseURL.count)), ["msgtype": "text", "text": ["content": "x"]])
            await server.reset()
            #expect(await dingtalk.unacknowledgedCount() == 0)
            #expect(await dingtalk.openConnectionCount() == 0)
            #expect(await dingtalk.messages(inConversation: "cidTeamGroup0001==").isEmpty)
            #expect(await dingtalk.activity.all.isEmpty)
            let group: [String: Any] = [
                "robotCode": DingTalkSimulator.defaultClientID, "openConversationId": "cidTeamGroup0001==", "msgKey": "sampleText",
                "msgParam": #"{"content":"x"}"#,
            ]
            #expect(try await server.postDingTalk("/v1.0/robot/groupMessages/send", group, accessToken: token).dingTalkCode == "InvalidAuthentication")
            #expect(try await server.postDingTalk("/robot/send?access_token=ops", ["msgtype": "text", "text": ["content": "x"]]).errcode == 300001)
            _ = await result { try await socket.receive() }  // the connection was dropped
        }
    }
}
