import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// Session webhooks and custom robots: DingTalk's old robot API, always HTTP 200 with an
/// errcode.
@Suite(.timeLimit(.minutes(2))) struct DingTalkWebhookTests {
    /// The path and query of a pushed message's session webhook.
    private func target(of message: DingTalkInboundMessage, on server: SimulatorServer) -> String {
        String(message.sessionWebhook.dropFirst(server.baseURL.count))
    }

    @Test func aSessionWebhookTakesTextAndMarkdownIntoItsConversation() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let pushed = await dingtalk.userSends("hi", from: .alice, in: .team)
            #expect(pushed.sessionWebhook.hasPrefix(server.baseURL + "/robot/sendBySession?session="))
            let webhook = target(of: pushed, on: server)
            let text = try await server.postDingTalk(webhook, ["msgtype": "text", "text": ["content": "hello Alice"]])
            #expect(text.status == 200)
            #expect(text.header("Content-Type") == "application/json")
            #expect(text.text == #"{"errcode":0,"errmsg":"ok"}"#)
            let markdown = try await server.postDingTalk(
                webhook, ["msgtype": "markdown", "markdown": ["title": "Answer", "text": "**bold**"], "at": ["isAtAll": false]]
            )
            #expect(markdown.errcode == 0)
            #expect(await dingtalk.messages(inConversation: "cidTeamGroup0001==") == [
                DingTalkBotMessage(route: .sessionWebhook, conversationID: "cidTeamGroup0001==", msgtype: "text", text: "hello Alice"),
                DingTalkBotMessage(
                    route: .sessionWebhook, conversationID: "cidTeamGroup0001==", msgtype: "markdown", text: "**bold**", title: "Answer"
                ),
            ])
            let logged = try await dingtalk.activity.wait(for: 2) { if case .message = $0 { true } else { false } }
            guard case let .message(first) = logged[0] else { return }
            #expect(first.text == "hello Alice")
        }
    }

    @Test func aSessionWebhookRefusesBadBodiesAndLongContent() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let webhook = target(of: await dingtalk.userSends("hi", from: .alice, in: .aliceChat), on: server)
            let bad: [Any] = [
                ["msgtype": "text"], ["msgtype": "text", "text": ["body": "x"]], ["msgtype": "link", "link": ["text": "x"]],
                ["msgtype": "markdown", "markdown": ["text": "no title"]], ["text": ["content": "no msgtype"]],
            ]
            for body in bad {
                let answer = try await server.postDingTalk(webhook, body)
                #expect(answer.status == 200)
                #expect(answer.text == #"{"errcode":40035,"errmsg":"缺少参数 json"}"#, "\(body)")
            }
            let notJSON = try await server.send("POST", webhook, body: Array("hello".utf8))
            #expect(notJSON.errcode == 40035)
            let longest = try await server.postDingTalk(webhook, ["msgtype": "text", "text": ["content": String(repeating: "字", count: 20_000)]])
            #expect(longest.errcode == 0)
            let tooLong = try await server.postDingTalk(webhook, ["msgtype": "text", "text": ["content": String(repeating: "a", count: 20_001)]])
            #expect(tooLong.status == 200)
            #expect(tooLong.text == #"{"errcode":460101,"errmsg":"message too long"}"#)
            #expect(await dingtalk.messages(inConversation: "cidSingle-alice01").count == 1)
        }
    }

    @Test func anUnknownOrExpiredSessionIsNotFound() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let webhook = target(of: await dingtalk.userSends("hi", from: .alice, in: .aliceChat), on: server)
            let message: [String: Any] = ["msgtype": "text", "text": ["content": "x"]]
            #expect(try await server.postDingTalk(webhook, message).errcode == 0)
            let unknown = try await server.postDingTalk("/robot/sendBySession?session=0123456789abcdef0123456789abcdef", message)
            #expect(unknown.status == 200)
            #expect(unknown.text == #"{"errcode":300001,"errmsg":"session 不存在"}"#)
            await dingtalk.expireSessionWebhooks()
            #expect(try await server.postDingTalk(webhook, message).errcode == 300001)
            #expect(await dingtalk.messages(inConversation: "cidSingle-alice01").count == 1)
        }
    }

    @Test func aSessionWebhookLastsItsLifetime() async throws {
        try await withDingTalkSimulator(DingTalkSimulator(sessionWebhookLifetime: .zero)) { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            let pushed = await dingtalk.userSends("hi", from: .alice, in: .aliceChat)
            let data = try await socket.receiveJSON().frameData
            #expect(data["sessionWebhookExpiredTime"] as? Int64 == data["createAt"] as? Int64)
            let answer = try await server.postDingTalk(target(of: pushed, on: server), ["msgtype": "text", "text": ["content": "x"]])
            #expect(answer.errcode == 300001)
        }
    }

    // MARK: Custom robots

    private static let secret = "SECsimulator0123456789abcdef"

    /// "/robot/send?access_token=…&timestamp=…&sign=…", the signature URL-encoded.
    private func robotTarget(_ token: String, timestamp: Int64? = nil, sign: String? = nil) -> String {
        var target = "/robot/send?access_token=\(token)"
        if let timestamp { target += "&timestamp=\(timestamp)" }
        if let sign { target += "&sign=" + sign.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        return target
    }

    private var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    @Test func theRobotSignatureIsDingTalks() {
        // Computed independently: base64(HMAC-SHA256(secret, "1700000000000\n" + secret)).
        #expect(DingTalkSimulator.robotSignature(timestamp: "1700000000000", secret: Self.secret)
            == "wSdEO7nx3PpVawXJ3UOzQ5GZah/2e23pg709xtvWcnE=")
    }

    @Test func aRobotWithoutASecretPostsWithItsTokenAlone() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            await dingtalk.addWebhookRobot(accessToken: "open-robot", secret: nil)
            let answer = try await server.postDingTalk(robotTarget("open-robot"), ["msgtype": "text", "text": ["content": "deploy done"]])
            #expect(answer.status == 200)
            #expect(answer.text == #"{"errcode":0,"errmsg":"ok"}"#)
            #expect(await dingtalk.webhookRobotMessages(accessToken: "open-robot") == [
                DingTalkBotMessage(route: .webhookRobot, conversationID: nil, msgtype: "text", text: "deploy done"),
            ])
            let unknown = try await server.postDingTalk(robotTarget("nobody"), ["msgtype": "text", "text": ["content": "x"]])
            #expect(unknown.status == 200)
            #expect(unknown.text == #"{"errcode":300001,"errmsg":"token is not exist"}"#)
            let badBody = try await server.postDingTalk(robotTarget("open-robot"), ["msgtype": "text"])
            #expect(badBody.errcode == 40035)
        }
    }

    @Test func aRobotWithASecretNeedsARecentValidSignature() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            await dingtalk.addWebhookRobot(accessToken: "signed-robot", secret: Self.secret)
            let message: [String: Any] = ["msgtype": "markdown", "markdown": ["title": "Build", "text": "## green"]]
            let timestamp = now
            let sign = DingTalkSimulator.robotSignature(timestamp: String(timestamp), secret: Self.secret)
            let signed = try await server.postDingTalk(robotTarget("signed-robot", timestamp: timestamp, sign: sign), message)
            #expect(signed.text == #"{"errcode":0,"errmsg":"ok"}"#)

            let mismatch = #"{"errcode":310000,"errmsg":"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}"#
            let wrongSecret = DingTalkSimulator.robotSignature(timestamp: String(timestamp), secret: "SECother")
            let anHourAgo = timestamp - 3_600_000 - 1_000
            let refused = [
                robotTarget("signed-robot"),
                robotTarget("signed-robot", timestamp: timestamp),
                robotTarget("signed-robot", timestamp: timestamp, sign: wrongSecret),
                robotTarget("signed-robot", timestamp: timestamp + 1, sign: sign),
                robotTarget("signed-robot", timestamp: anHourAgo, sign: DingTalkSimulator.robotSignature(timestamp: String(anHourAgo), secret: Self.secret)),
            ]
            for target in refused {
                let answer = try await server.postDingTalk(target, message)
                #expect(answer.status == 200)
                #expect(answer.text == mismatch, "\(target)")
            }
            #expect(await dingtalk.webhookRobotMessages(accessToken: "signed-robot").map(\.title) == ["Build"])
        }
    }

    /// DingTalk's servers read "+" in a query as a space: a signature not URL-encoded fails.
    @Test func aSignatureMustBeURLEncoded() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            await dingtalk.addWebhookRobot(accessToken: "signed-robot", secret: Self.secret)
            var timestamp = now, sign = ""
            repeat {  // a timestamp whose signature has a "+"
                timestamp += 1
                sign = DingTalkSimulator.robotSignature(timestamp: String(timestamp), secret: Self.secret)
            } while !sign.contains("+")
            let raw = try await server.postDingTalk(
                "/robot/send?access_token=signed-robot&timestamp=\(timestamp)&sign=\(sign)", ["msgtype": "text", "text": ["content": "x"]]
            )
            #expect(raw.errcode == 310000)
            let encoded = try await server.postDingTalk(
                robotTarget("signed-robot", timestamp: timestamp, sign: sign), ["msgtype": "text", "text": ["content": "x"]]
            )
            #expect(encoded.errcode == 0)
        }
    }

    @Test func aRobotSendingTooFastIsRefusedUntilTheWindowPasses() async throws {
        // A window wide enough that four sends fit in it on a loaded machine.
        let dingtalk = DingTalkSimulator(robotRateLimit: 3, robotRateWindow: .seconds(2))
        try await withDingTalkSimulator(dingtalk) { server, dingtalk async throws in
            await dingtalk.addWebhookRobot(accessToken: "busy-robot", secret: nil)
            func send(_ text: String) async throws -> HTTPResponse {
                try await server.postDingTalk(robotTarget("busy-robot"), ["msgtype": "text", "text": ["content": text]])
            }
            for index in 1...3 { #expect(try await send("\(index)").errcode == 0) }
            let tooFast = try await send("4")
            #expect(tooFast.status == 200)
            #expect(tooFast.text == #"{"errcode":130101,"errmsg":"send too fast, exceed 3 times per minute"}"#)
            #expect(await dingtalk.webhookRobotMessages(accessToken: "busy-robot").map(\.text) == ["1", "2", "3"])
            try await Task.sleep(for: .milliseconds(2050))  // the window is time: wait it out
            #expect(try await send("5").errcode == 0)
            #expect(await dingtalk.webhookRobotMessages(accessToken: "busy-robot").map(\.text) == ["1", "2", "3", "5"])
        }
    }
}
