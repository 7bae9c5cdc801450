import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// The robot's new-API messages: batchSend to users, groupMessages to groups.
@Suite(.timeLimit(.minutes(2))) struct DingTalkRobotAPITests {
    private static let batchSend = "/v1.0/robot/oToMessages/batchSend"
    private static let groupSend = "/v1.0/robot/groupMessages/send"

    private func text(_ content: String) -> String { #"{"content":"\#(content)"}"# }

    /// Makes Alice and the Team group known, as a user writing does.
    private func meetAliceInTeam(_ server: SimulatorServer, _ dingtalk: DingTalkSimulator) async throws {
        let socket = try await server.openDingTalkStream(dingtalk)
        defer { socket.close() }
        await dingtalk.userSends("hi", from: .alice, in: .team)
    }

    @Test func batchSendReachesKnownUsersAndListsTheOthers() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            try await meetAliceInTeam(server, dingtalk)
            let token = try await server.dingTalkAccessToken()
            let answer = try await server.postDingTalk(Self.batchSend, [
                "robotCode": DingTalkSimulator.defaultClientID, "userIds": ["alice01", "stranger9"], "msgKey": "sampleText",
                "msgParam": text("hello"),
            ], accessToken: token)
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json")
            #expect(try (answer.json["processQueryKey"] as? String)?.isEmpty == false)
            #expect(try answer.json["invalidStaffIdList"] as? [String] == ["stranger9"])
            #expect(try answer.json["flowControlledStaffIdList"] as? [String] == [])
            let markdown = try await server.postDingTalk(Self.batchSend, [
                "robotCode": DingTalkSimulator.defaultClientID, "userIds": ["alice01"], "msgKey": "sampleMarkdown",
                "msgParam": ##"{"title":"Report","text":"# done"}"##,
            ], accessToken: token)
            #expect(markdown.status == 200)
            #expect(await dingtalk.messages(inConversation: "cidSingle-alice01") == [
                DingTalkBotMessage(route: .batchSend, conversationID: "cidSingle-alice01", msgtype: "text", text: "hello"),
                DingTalkBotMessage(route: .batchSend, conversationID: "cidSingle-alice01", msgtype: "markdown", text: "# done", title: "Report"),
            ])
        }
    }

    @Test func batchSendChecksTheRobotCodeAndTheMessage() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            try await meetAliceInTeam(server, dingtalk)
            let token = try await server.dingTalkAccessToken()
            let valid: [String: Any] = [
                "robotCode": DingTalkSimulator.defaultClientID, "userIds": ["alice01"], "msgKey": "sampleText", "msgParam": text("x"),
            ]
            let refusals: [([String: Any], String)] = [
                (["robotCode": "dingother"], "invalidParameter.robotCode"),
                (["msgKey": "sampleAudio"], "invalidParameter.msgParam"),
                (["msgKey": "sampleMarkdown"], "invalidParameter.msgParam"),
                (["msgParam": "not json"], "invalidParameter.msgParam"),
                (["userIds": []], "MissingParameter"),
            ]
            for (change, code) in refusals {
                let answer = try await server.postDingTalk(Self.batchSend, valid.merging(change) { $1 }, accessToken: token)
                #expect(answer.status == 400, "\(change)")
                #expect(answer.dingTalkCode == code, "\(change)")
                #expect(try answer.json["requestid"] is String)
            }
            #expect(await dingtalk.messages(inConversation: "cidSingle-alice01").isEmpty)
        }
    }

    @Test func groupMessagesGoToGroupsUsersWroteIn() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            try await meetAliceInTeam(server, dingtalk)
            let token = try await server.dingTalkAccessToken()
            let message: [String: Any] = [
                "robotCode": DingTalkSimulator.defaultClientID, "openConversationId": "cidTeamGroup0001==", "msgKey": "sampleText",
                "msgParam": text("to the team"),
            ]
            let answer = try await server.postDingTalk(Self.groupSend, message, accessToken: token)
            #expect(answer.status == 200)
            #expect(try answer.json.keys.sorted() == ["processQueryKey"])
            #expect(await dingtalk.messages(inConversation: "cidTeamGroup0001==") == [
                DingTalkBotMessage(route: .groupMessages, conversationID: "cidTeamGroup0001==", msgtype: "text", text: "to the team"),
            ])
            let unknown = try await server.postDingTalk(
                Self.groupSend, message.merging(["openConversationId": "cidNeverSeen=="]) { $1 }, accessToken: token
            )
            #expect(unknown.status == 400)
            #expect(unknown.dingTalkCode == "invalidParameter.openConversationId")
            guard case let .message(logged) = try await dingtalk.activity.first(where: { if case .message = $0 { true } else { false } }) else {
                return
            }
            #expect(logged.route == .groupMessages)
        }
    }

    @Test func theRobotAPIsNeedAValidAccessToken() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            try await meetAliceInTeam(server, dingtalk)
            let batch: [String: Any] = [
                "robotCode": DingTalkSimulator.defaultClientID, "userIds": ["alice01"], "msgKey": "sampleText", "msgParam": text("x"),
            ]
            let group: [String: Any] = [
                "robotCode": DingTalkSimulator.defaultClientID, "openConversationId": "cidTeamGroup0001==", "msgKey": "sampleText",
                "msgParam": text("x"),
            ]
            let token = try await server.dingTalkAccessToken()
            #expect(try await server.postDingTalk(Self.batchSend, batch, accessToken: token).status == 200)
            #expect(try await server.postDingTalk(Self.groupSend, group, accessToken: token).status == 200)
            await dingtalk.revokeAccessTokens()
            for (path, body, accessToken) in [
                (Self.batchSend, batch, nil), (Self.groupSend, group, nil), (Self.batchSend, batch, "0123456789abcdef0123456789abcdef"),
                (Self.batchSend, batch, token), (Self.groupSend, group, token),
            ] as [(String, [String: Any], String?)] {
                let answer = try await server.postDingTalk(path, body, accessToken: accessToken)
                #expect(answer.status == 400, "\(path) \(accessToken ?? "none")")
                #expect(answer.dingTalkCode == "InvalidAuthentication")
                #expect(try answer.json["message"] as? String == "不合法的access_token")
            }
            let fresh = try await server.dingTalkAccessToken()
            #expect(try await server.postDingTalk(Self.groupSend, group, accessToken: fresh).status == 200)
            #expect(await dingtalk.messages(inConversation: "cidTeamGroup0001==").count == 2)
        }
    }
}
