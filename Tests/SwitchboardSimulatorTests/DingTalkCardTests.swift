import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// AI cards: createAndDeliver, streaming, updates.
@Suite(.timeLimit(.minutes(2))) struct DingTalkCardTests {
    private static let create = "/v1.0/card/instances/createAndDeliver"

    /// A createAndDeliver body for a card in the Team group, changed by `change`.
    private func groupCard(_ outTrackID: String, _ change: [String: Any] = [:]) -> [String: Any] {
        [
            "cardTemplateId": DingTalkSimulator.defaultCardTemplateID, "outTrackId": outTrackID,
            "cardData": ["cardParamMap": ["content": "", "status": "thinking"]], "callbackType": "STREAM",
            "openSpaceId": "dtv1.card//IM_GROUP.cidTeamGroup0001==", "imGroupOpenSpaceModel": ["supportForward": true],
            "imGroupOpenDeliverModel": ["robotCode": DingTalkSimulator.defaultClientID], "userIdType": 1,
        ].merging(change) { $1 }
    }

    private func streaming(_ outTrackID: String, key: String = "content", _ content: String, isFull: Bool = false,
                           isFinalize: Bool = false, isError: Bool = false) -> [String: Any] {
        ["outTrackId": outTrackID, "guid": UUID().uuidString, "key": key, "content": content, "isFull": isFull,
         "isFinalize": isFinalize, "isError": isError]
    }

    /// A started simulator where Alice wrote in Team, and an access token.
    private func withCards(_ body: (SimulatorServer, DingTalkSimulator, String) async throws -> Void) async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let socket = try await server.openDingTalkStream(dingtalk)
            defer { socket.close() }
            await dingtalk.userSends("hi", from: .alice, in: .team)
            try await body(server, dingtalk, try await server.dingTalkAccessToken())
        }
    }

    @Test func createAndDeliverMakesACardInAGroupOrASingleChat() async throws {
        try await withCards { server, dingtalk, token async throws in
            let group = try await server.postDingTalk(Self.create, groupCard("card-1"), accessToken: token)
            #expect(group.status == 200)
            #expect(group.header("Content-Type") == "application/json")
            #expect(try group.json["success"] as? Bool == true)
            let result = try #require(try group.json["result"] as? [String: Any])
            #expect(result["outTrackId"] as? String == "card-1")
            let delivered = try #require((result["deliverResults"] as? [[String: Any]])?.first)
            #expect(delivered["spaceType"] as? String == "IM_GROUP")
            #expect(delivered["spaceId"] as? String == "cidTeamGroup0001==")
            #expect(delivered["success"] as? Bool == true)
            #expect((delivered["carrierId"] as? String)?.isEmpty == false)

            let single = try await server.postDingTalk(Self.create, [
                "cardTemplateId": DingTalkSimulator.defaultCardTemplateID, "outTrackId": "card-2",
                "cardData": ["cardParamMap": ["content": "hi"]], "openSpaceId": "dtv1.card//IM_ROBOT.alice01",
                "imRobotOpenSpaceModel": ["supportForward": false], "imRobotOpenDeliverModel": ["spaceType": "IM_ROBOT"],
            ], accessToken: token)
            #expect(single.status == 200)
            let robotResult = try #require(try single.json["result"] as? [String: Any])
            #expect((robotResult["deliverResults"] as? [[String: Any]])?.first?["spaceType"] as? String == "IM_ROBOT")

            let cards = await dingtalk.cards()
            #expect(cards.map(\.outTrackID) == ["card-1", "card-2"])
            #expect(cards[0].templateID == DingTalkSimulator.defaultCardTemplateID)
            #expect(cards[0].openSpaceID == "dtv1.card//IM_GROUP.cidTeamGroup0001==")
            #expect(cards[0].params == ["content": "", "status": "thinking"])
            #expect(!cards[0].finalized && !cards[0].failed)
            let created = try await dingtalk.activity.wait(for: 2) { if case .cardCreated = $0 { true } else { false } }
            guard case let .cardCreated(first) = created[0] else { return }
            #expect(first == "card-1")
        }
    }

    @Test func createAndDeliverRefusesWhatDingTalkRefuses() async throws {
        try await withCards { server, dingtalk, token async throws in
            #expect(try await server.postDingTalk(Self.create, groupCard("taken"), accessToken: token).status == 200)
            let refusals: [([String: Any], String)] = [
                (groupCard("a", ["cardTemplateId": "unknown.schema"]), "invalidParameter.cardTemplateId"),
                (groupCard("taken"), "invalidParameter.outTrackId"),
                (groupCard("b", ["openSpaceId": "IM_GROUP.cidTeamGroup0001=="]), "invalidParameter.openSpaceId"),
                (groupCard("c", ["openSpaceId": "dtv1.card//IM_GROUP.cidNeverSeen=="]), "invalidParameter.openSpaceId"),
                (groupCard("d", ["openSpaceId": "dtv1.card//IM_ROBOT.stranger9"]), "invalidParameter.openSpaceId"),
                (groupCard("e", ["openSpaceId": "dtv1.card//IM_CHANNEL.x"]), "invalidParameter.openSpaceId"),
                (groupCard("f", ["imGroupOpenDeliverModel": ["robotCode": "dingother"]]), "invalidParameter.robotCode"),
                (groupCard("g", ["imGroupOpenDeliverModel": [:]]), "invalidParameter.robotCode"),
            ]
            for (body, code) in refusals {
                let answer = try await server.postDingTalk(Self.create, body, accessToken: token)
                #expect(answer.status == 400, "\(code)")
                #expect(answer.dingTalkCode == code)
            }
            let unauthenticated = try await server.postDingTalk(Self.create, groupCard("h"))
            #expect(unauthenticated.dingTalkCode == "InvalidAuthentication")
            #expect(await dingtalk.cards().map(\.outTrackID) == ["taken"])
        }
    }

    @Test func streamingReplacesOrAppendsThenFinalizes() async throws {
        try await withCards { server, dingtalk, token async throws in
            _ = try await server.postDingTalk(Self.create, groupCard("card-1"), accessToken: token)
            for body in [
                streaming("card-1", "Hel", isFull: true), streaming("card-1", "lo"), streaming("card-1", key: "status", "writing", isFull: true),
                streaming("card-1", " world", isFinalize: true),
            ] {
                let answer = try await server.dingTalk("PUT", "/v1.0/card/streaming", json: body, accessToken: token)
                #expect(answer.status == 200)
                #expect(answer.text == #"{"result":true,"success":true}"#)
            }
            let card = try #require(await dingtalk.card("card-1"))
            #expect(card.params == ["content": "Hello world", "status": "writing"])
            #expect(card.finalized && !card.failed)
            #expect(card.streamingUpdates == [
                DingTalkCardUpdate(key: "content", content: "Hel", isFull: true),
                DingTalkCardUpdate(key: "content", content: "lo", isFull: false),
                DingTalkCardUpdate(key: "status", content: "writing", isFull: true),
                DingTalkCardUpdate(key: "content", content: " world", isFull: false, isFinalize: true),
            ])
            let finished = try await server.dingTalk("PUT", "/v1.0/card/streaming", json: streaming("card-1", "!"), accessToken: token)
            #expect(finished.status == 400)
            #expect(finished.dingTalkCode == "cardStreamingFinished")
            #expect(await dingtalk.card("card-1")?.params["content"] == "Hello world")
            let streamed = try await dingtalk.activity.wait(for: 4) { if case .cardStreamed = $0 { true } else { false } }
            guard case let .cardStreamed(outTrackID, update) = streamed[3] else { return }
            #expect(outTrackID == "card-1" && update.isFinalize)
        }
    }

    @Test func streamingMarksAFailedCardAndChecksItsFields() async throws {
        try await withCards { server, dingtalk, token async throws in
            _ = try await server.postDingTalk(Self.create, groupCard("card-1"), accessToken: token)
            let failed = try await server.dingTalk(
                "PUT", "/v1.0/card/streaming", json: streaming("card-1", "the agent failed", isFull: true, isError: true), accessToken: token
            )
            #expect(failed.status == 200)
            let card = try #require(await dingtalk.card("card-1"))
            #expect(card.failed && !card.finalized)
            #expect(card.params["content"] == "the agent failed")

            var noGUID = streaming("card-1", "x")
            noGUID["guid"] = nil
            var noKey = streaming("card-1", "x")
            noKey["key"] = nil
            for body in [noGUID, noKey] {
                let answer = try await server.dingTalk("PUT", "/v1.0/card/streaming", json: body, accessToken: token)
                #expect(answer.status == 400)
                #expect(answer.dingTalkCode == "invalidParameter")
            }
            let unknown = try await server.dingTalk("PUT", "/v1.0/card/streaming", json: streaming("nope", "x"), accessToken: token)
            #expect(unknown.status == 400)
            #expect(unknown.dingTalkCode == "cardInstanceNotExist")
            let unauthenticated = try await server.dingTalk("PUT", "/v1.0/card/streaming", json: streaming("card-1", "x"))
            #expect(unauthenticated.dingTalkCode == "InvalidAuthentication")
            #expect(await dingtalk.card("card-1")?.streamingUpdates.count == 1)
        }
    }

    @Test func anUpdateMergesByKeyOrReplacesTheParameters() async throws {
        try await withCards { server, dingtalk, token async throws in
            _ = try await server.postDingTalk(Self.create, groupCard("card-1"), accessToken: token)
            let merge = try await server.dingTalk("PUT", "/v1.0/card/instances", json: [
                "outTrackId": "card-1", "cardData": ["cardParamMap": ["status": "done", "footer": "by bot"]],
                "cardUpdateOptions": ["updateCardDataByKey": true],
            ], accessToken: token)
            #expect(merge.status == 200)
            #expect(merge.text == #"{"result":true,"success":true}"#)
            #expect(await dingtalk.card("card-1")?.params == ["content": "", "status": "done", "footer": "by bot"])
            let replace = try await server.dingTalk("PUT", "/v1.0/card/instances", json: [
                "outTrackId": "card-1", "cardData": ["cardParamMap": ["content": "final"]],
            ], accessToken: token)
            #expect(replace.status == 200)
            #expect(await dingtalk.card("card-1")?.params == ["content": "final"])
            let updates = try await dingtalk.activity.wait(for: 2) { if case .cardUpdated = $0 { true } else { false } }
            guard case let .cardUpdated(_, params) = updates[1] else { return }
            #expect(params == ["content": "final"])
            let unknown = try await server.dingTalk("PUT", "/v1.0/card/instances", json: [
                "outTrackId": "nope", "cardData": ["cardParamMap": ["content": "x"]],
            ], accessToken: token)
            #expect(unknown.status == 400)
            #expect(unknown.dingTalkCode == "cardInstanceNotExist")
        }
    }
}
