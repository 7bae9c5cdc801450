import Foundation
import SwitchboardSimulator
import Testing

/// The DingTalk stream: pushes, acks, pings and disconnects, through a raw WebSocket
/// client that sees every frame.
@Suite(.timeLimit(.minutes(2))) struct DingTalkStreamTests {
    @Test func aPushedCallbackCarriesTheRobotMessageAsJSONText() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let before = Int64(Date().timeIntervalSince1970 * 1000)
            let pushed = await dingtalk.userSends("hello bot", from: .alice, in: .team)
            let frame = try await socket.receiveJSON()
            #expect(frame["specVersion"] as? String == "1.0")
            #expect(frame["type"] as? String == "CALLBACK")
            let headers = frame.frameHeaders
            #expect(headers["appId"] as? String == DingTalkSimulator.defaultClientID)
            #expect(headers["contentType"] as? String == "application/json")
            #expect(headers["topic"] as? String == "/v1.0/im/bot/messages/get")
            #expect(headers["messageId"] as? String == pushed.frameMessageID)
            #expect(UUID(uuidString: headers["connectionId"] as? String ?? "") != nil)
            let time = try #require(Int64(headers["time"] as? String ?? ""), "time is milliseconds as a string")
            #expect(time >= before)
            #expect(frame["data"] as? String == pushed.data)

            let data = try frame.frameData
            #expect(data["conversationId"] as? String == "cidTeamGroup0001==")
            #expect(data["conversationType"] as? String == "2")
            #expect(data["conversationTitle"] as? String == "Team")
            #expect(data["msgId"] as? String == pushed.msgID)
            #expect(pushed.msgID.hasPrefix("msg"))
            #expect(data["msgtype"] as? String == "text")
            #expect((data["text"] as? [String: Any])?["content"] as? String == "hello bot")
            #expect(data["senderStaffId"] as? String == "alice01")
            #expect(data["senderNick"] as? String == "Alice")
            #expect(data["senderId"] as? String == DingTalkUser.alice.senderID)
            #expect(DingTalkUser.alice.senderID.hasPrefix("$:LWCP_v1:$"))
            #expect(data["senderCorpId"] as? String == DingTalkSimulator.corpID)
            #expect(data["chatbotCorpId"] as? String == DingTalkSimulator.corpID)
            #expect(data["chatbotUserId"] as? String == dingtalk.chatbotUserID)
            #expect(data["robotCode"] as? String == DingTalkSimulator.defaultClientID)
            #expect(data["isAdmin"] as? Bool == false)
            #expect(data["isInAtList"] as? Bool == true)
            #expect((data["atUsers"] as? [[String: Any]])?.map { $0["dingtalkId"] as? String } == [dingtalk.chatbotUserID])
            let createAt = try #require(data["createAt"] as? Int64)
            #expect(createAt >= before)
            #expect(data["sessionWebhookExpiredTime"] as? Int64 == createAt + 5_400_000)
            let webhook = try #require(data["sessionWebhook"] as? String)
            #expect(webhook == pushed.sessionWebhook)
            #expect(webhook.hasPrefix("http://127.0.0.1:\(server.port)/robot/sendBySession?session="))
            let session = String(webhook.split(separator: "=").last ?? "")
            #expect(session.count == 32 && session.allSatisfy(\.isHexDigit))
            #expect(pushed.conversationID == "cidTeamGroup0001==")

            #expect(await dingtalk.unacknowledgedCount() == 1)
            try await socket.acknowledge(frame)
            let ack = try await dingtalk.activity.first { if case .acknowledged = $0 { true } else { false } }
            guard case let .acknowledged(frameMessageID, code) = ack else { return }
            #expect(frameMessageID == pushed.frameMessageID && code == 200)
            #expect(await dingtalk.unacknowledgedCount() == 0)
        }
    }

    @Test func aSingleChatMessageHasNoTitleAndMayNotMentionTheBot() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let pushed = await dingtalk.userSends("hi", from: .bob, in: .single(with: .bob), atBot: false)
            let data = try await socket.receiveJSON().frameData
            #expect(data["conversationId"] as? String == "cidSingle-bob02")
            #expect(pushed.conversationID == "cidSingle-bob02")
            #expect(data["conversationType"] as? String == "1")
            #expect(data["conversationTitle"] == nil)
            #expect(data["isInAtList"] as? Bool == false)
            #expect((data["atUsers"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aPushNotAcknowledgedIsPushedAgainOnTheNextConnection() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let first = try await server.openDingTalkStream(dingtalk)
            let one = await dingtalk.userSends("one", from: .alice, in: .aliceChat)
            let two = await dingtalk.userSends("two", from: .alice, in: .aliceChat)
            let firstPushes = [try await first.receiveJSON(), try await first.receiveJSON()]
            #expect(firstPushes.map { $0["data"] as? String } == [one.data, two.data])
            try await first.acknowledge(firstPushes[0], code: 500)  // not a success: still to deliver
            _ = try await dingtalk.activity.first { if case .acknowledged(_, 500) = $0 { true } else { false } }
            first.close()

            let second = try await server.openDingTalkStream(dingtalk, connection: 2)
            defer { second.close() }
            let again = [try await second.receiveJSON(), try await second.receiveJSON()]
            #expect(again.map { $0["data"] as? String } == [one.data, two.data], "the same data, in order")
            #expect(try again.map { try $0.frameData["msgId"] as? String } == [one.msgID, two.msgID])
            let newIDs = again.map { $0.frameHeaders["messageId"] as? String }
            #expect(newIDs != [one.frameMessageID, two.frameMessageID], "new frames")
            #expect(await dingtalk.unacknowledgedCount() == 2)
            for frame in again { try await second.acknowledge(frame) }
            _ = try await dingtalk.activity.wait(for: 2) { if case .acknowledged(_, 200) = $0 { true } else { false } }
            #expect(await dingtalk.unacknowledgedCount() == 0)
        }
    }

    @Test func aMessageWaitsForAConnectionAndOnlyCountsAcksWithItsMessageID() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let sending = Task { await dingtalk.userSends("while away", from: .alice, in: .aliceChat) }
            while await dingtalk.unacknowledgedCount() == 0 { await Task.yield() }  // queued, no connection
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let frame = try await socket.receiveJSON()
            let pushed = await sending.value
            #expect(frame.frameHeaders["messageId"] as? String == pushed.frameMessageID)
            #expect(try frame.frameData["text"] as? [String: String] == ["content": "while away"])

            try await socket.send(json: ["code": 200, "headers": ["messageId": "not-a-push"], "message": "OK", "data": "{}"])
            _ = try await dingtalk.activity.first { if case .acknowledged("not-a-push", 200) = $0 { true } else { false } }
            #expect(await dingtalk.unacknowledgedCount() == 1, "an ack of another frame acknowledges nothing")
            // The Node SDK leaves out contentType: only code, messageId and data count.
            try await socket.send(json: ["code": 200, "headers": ["messageId": pushed.frameMessageID], "message": "OK", "data": "{}"])
            _ = try await dingtalk.activity.first { if case .acknowledged(pushed.frameMessageID, 200) = $0 { true } else { false } }
            #expect(await dingtalk.unacknowledgedCount() == 0)
        }
    }

    @Test func onlyConnectionsSubscribedToRobotMessagesGetThem() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let subscribed = try await server.openDingTalkStream(dingtalk)
            defer { subscribed.close() }
            let eventsOnly = try await server.openDingTalkStream(dingtalk, connection: 2, subscriptions: [["type": "EVENT", "topic": "*"]])
            defer { eventsOnly.close() }
            let pushed = await dingtalk.userSends("to the robot", from: .alice, in: .aliceChat)
            #expect(try await subscribed.receiveJSON()["data"] as? String == pushed.data, "the newest subscribed connection")
            let opaques = await dingtalk.sendPing()
            #expect(opaques.count == 2, "pings go to every connection")
            let frame = try await eventsOnly.receiveJSON()
            #expect(frame.frameHeaders["topic"] as? String == "ping", "a ping, not the message")
        }
    }

    @Test func aPingIsAnsweredWithItsOpaque() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let opaques = await dingtalk.sendPing()
            let opaque = try #require(opaques.first)
            #expect(opaques.count == 1)
            let ping = try await socket.receiveJSON()
            #expect(ping["type"] as? String == "SYSTEM")
            #expect(ping["specVersion"] as? String == "1.0")
            #expect(ping.frameHeaders["topic"] as? String == "ping")
            #expect(ping.frameHeaders["contentType"] as? String == "application/json")
            #expect(Int64(ping.frameHeaders["time"] as? String ?? "") != nil)
            #expect(try ping.frameData["opaque"] as? String == opaque)
            let messageID = try #require(ping.frameHeaders["messageId"] as? String)

            func answer(_ opaque: String) async throws {
                try await socket.send(json: [
                    "code": 200, "headers": ["contentType": "application/json", "messageId": messageID], "message": "OK",
                    "data": #"{"opaque":"\#(opaque)"}"#,
                ])
            }
            try await answer("somebody-else")
            // The Python SDK echoes every header of the ping back: only messageId and data count.
            try await socket.send(json: [
                "code": 200, "headers": ping.frameHeaders, "message": "OK", "data": ping["data"] as? String ?? "",
            ])
            let pong = try await dingtalk.activity.first { if case .pong = $0 { true } else { false } }
            guard case let .pong(answered) = pong else { return }
            #expect(answered == opaque)
            try await answer(opaque)  // answered already: not a second pong
            try await socket.acknowledge(["headers": ["messageId": "sync"]])
            _ = try await dingtalk.activity.first { if case .acknowledged("sync", _) = $0 { true } else { false } }
            let pongs = await dingtalk.activity.all.filter { if case .pong = $0 { true } else { false } }
            #expect(pongs.count == 1, "the wrong opaque and the repeat are not pongs")
        }
    }

    @Test func aDisconnectStopsPushesAndClosesTheConnectionAfterTheGrace() async throws {
        let grace = Duration.milliseconds(300)
        try await withDingTalkSimulator(DingTalkSimulator(disconnectGrace: grace)) { server, dingtalk async throws in
            let leaving = try await server.openDingTalkStream(dingtalk)
            defer { leaving.close() }
            let unacked = await dingtalk.userSends("before", from: .alice, in: .aliceChat)
            _ = try await leaving.receiveJSON()
            await dingtalk.sendDisconnect()
            let disconnect = try await leaving.receiveJSON()
            let told = ContinuousClock.now
            #expect(disconnect["type"] as? String == "SYSTEM")
            #expect(disconnect.frameHeaders["topic"] as? String == "disconnect")
            #expect(try disconnect.frameData["reason"] as? String == "server is going to restart")

            let later = Task { await dingtalk.userSends("after", from: .alice, in: .aliceChat) }
            while await dingtalk.unacknowledgedCount() < 2 { await Task.yield() }  // queued, not pushed
            let close = try await leaving.receive()
            #expect(close.isClose, "no push after the disconnect: \(close.text)")
            #expect(close.closeCode == 1000)
            #expect(ContinuousClock.now - told >= grace / 2, "closed after the grace, not at once")
            leaving.close()

            // Both go to the next connection: the unacknowledged push again, and the queued one.
            // Which comes first depends on whether the old connection's end is handled
            // before the new one opens.
            let next = try await server.openDingTalkStream(dingtalk, connection: 2)
            defer { next.close() }
            let frames = [try await next.receiveJSON(), try await next.receiveJSON()]
            let again = try #require(frames.first { $0["data"] as? String == unacked.data }, "the unacknowledged push comes again")
            #expect(again.frameHeaders["messageId"] as? String != unacked.frameMessageID)
            let queued = try #require(frames.first { $0["data"] as? String != unacked.data })
            #expect(try queued.frameData["text"] as? [String: String] == ["content": "after"])
            #expect(await later.value.frameMessageID == queued.frameHeaders["messageId"] as? String)
        }
    }

    @Test func aClientMayCloseBeforeTheGraceEnds() async throws {
        try await withDingTalkSimulator(DingTalkSimulator(disconnectGrace: .seconds(60))) { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            await dingtalk.sendDisconnect()
            #expect(try await socket.receiveJSON().frameHeaders["topic"] as? String == "disconnect")
            try await socket.sendClose(code: 1000)
            let answer = try await socket.receive()
            #expect(answer.isClose, "the server answers the close at once, without waiting out the grace")
        }
    }

    @Test func droppedConnectionsEndWithoutAClosingHandshake() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            #expect(await dingtalk.openConnectionCount() == 1)
            await dingtalk.dropConnections()
            let outcome = await result { try await socket.receive() }
            #expect(throws: LoopbackTCP.Failure.self, "the TCP connection ends, with no close frame") { try outcome.get() }
        }
    }
}
