import Foundation
import SwitchboardCore
@testable import SwitchboardHost
import SwitchboardSimulator
import Testing

/// The one-way DingTalk group robot end to end: host + the real `.so` + the
/// simulator's custom robot webhook, which checks signatures and the rate limit.
@Suite(.timeLimit(.minutes(1))) struct DingTalkRobotTests {
    static let secret = "SECsimulator0123456789abcdef0123456789abcdef0123456789abcdef01234"

    private func send(_ text: String, through harness: DingTalkHarness, format: TextFormat = .markdown) async throws {
        _ = try await harness.host.channels.send(OutboundMessage(channelID: "robot", chatID: "team", chatType: .group, text: text, format: format))
    }

    @Test func signedMessagesReachTheGroup() async throws {
        let harness = try await DingTalkHarness(robot: .init(secret: Self.secret), robotSecret: Self.secret)
        _ = try await harness.settledStatus(of: "robot") { $0.state == .connected }
        try await send("## Build passed\nall green", through: harness)
        try await send("plain words", through: harness, format: .plain)
        let messages = await harness.dingtalk.webhookRobotMessages(accessToken: DingTalkHarness.robotToken)
        #expect(messages == [
            DingTalkBotMessage(route: .webhookRobot, conversationID: nil, msgtype: "markdown", text: "## Build passed\nall green", title: "Build passed"),
            DingTalkBotMessage(route: .webhookRobot, conversationID: nil, msgtype: "text", text: "plain words", title: nil),
        ])
        let request = try #require(await harness.calls(to: "/robot/send").first)
        #expect(request.queryValue("timestamp") != nil && request.queryValue("sign") != nil, "signed")
        await harness.shutdown()
    }

    @Test func aWrongSecretIsReportedAndNothingIsPosted() async throws {
        let harness = try await DingTalkHarness(robot: .init(secret: "SECthe-wrong-one"), robotSecret: Self.secret)
        await #expect(throws: ReplySendError.self) { try await send("hello", through: harness) }
        let status = try await harness.settledStatus(of: "robot") { $0.state == .failed }
        #expect(status.lastError?.message.contains("DingTalk refused the robot's signature") == true, "\(String(describing: status.lastError))")
        #expect(status.lastError?.message.contains("SECthe-wrong-one") == false)
        #expect(await harness.dingtalk.webhookRobotMessages(accessToken: DingTalkHarness.robotToken).isEmpty)
        await harness.shutdown()
    }

    @Test func anUnsignedRobotNeedsNoSecret() async throws {
        let harness = try await DingTalkHarness(robot: .init(secret: nil), robotSecret: nil)
        try await send("no signature needed", through: harness)
        #expect(await harness.dingtalk.webhookRobotMessages(accessToken: DingTalkHarness.robotToken).map(\.text) == ["no signature needed"])
        #expect(try #require(await harness.calls(to: "/robot/send").first).queryValue("sign") == nil)
        await harness.shutdown()
    }

    @Test func theRobotKeepsToItsPerMinuteLimit() async throws {
        let harness = try await DingTalkHarness(robot: .init(secret: Self.secret, messagesPerMinute: 3), robotSecret: Self.secret)
        for index in 1...3 { try await send("message \(index)", through: harness) }
        do {
            try await send("one too many", through: harness)
            Issue.record("a fourth message within the minute was sent")
        } catch let error as ReplySendError {
            let wait = try #require(error.retryAfter, "the refusal says how long to wait")
            #expect(wait > .seconds(55) && wait <= .seconds(62), "a minute and a margin after the first: \(wait)")
        }
        #expect(await harness.calls(to: "/robot/send").count == 3, "the fourth never reached DingTalk")
        #expect(await harness.dingtalk.webhookRobotMessages(accessToken: DingTalkHarness.robotToken).count == 3)
        await harness.shutdown()
    }
}
