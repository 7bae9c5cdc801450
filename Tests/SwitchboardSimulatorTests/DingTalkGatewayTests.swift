import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// The DingTalk simulator's access token and stream gateway, through a real HTTP client.
@Suite(.timeLimit(.minutes(2))) struct DingTalkGatewayTests {
    @Test func accessTokenIsGivenForTheAppKeyAndSecret() async throws {
        try await withDingTalkSimulator { server, _ async throws in
            let answer = try await server.postDingTalk(
                "/v1.0/oauth2/accessToken",
                ["appKey": DingTalkSimulator.defaultClientID, "appSecret": DingTalkSimulator.defaultClientSecret]
            )
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json")
            let token = try #require(try answer.json["accessToken"] as? String)
            #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))
            #expect(try answer.json["expireIn"] as? Int == 7200)
            #expect(try await server.dingTalkAccessToken() != token, "each call gives a new token")
        }
    }

    @Test func aWrongKeyOrSecretIsInvalidClientIdOrSecret() async throws {
        try await withDingTalkSimulator { server, _ async throws in
            for (key, secret) in [("dingwrong", DingTalkSimulator.defaultClientSecret), (DingTalkSimulator.defaultClientID, "wrong")] {
                let answer = try await server.postDingTalk("/v1.0/oauth2/accessToken", ["appKey": key, "appSecret": secret])
                #expect(answer.status == 400)
                #expect(answer.header("Content-Type") == "application/json")
                #expect(answer.dingTalkCode == "invalidClientIdOrSecret")
                #expect(try answer.json["message"] as? String == "无效的clientId或者clientSecret")
                let requestID = try #require(try answer.json["requestid"] as? String)
                #expect(UUID(uuidString: requestID) != nil && requestID == requestID.uppercased())
            }
        }
    }

    @Test func aBodyThatIsNotJSONOrLacksAFieldIsMissingParameter() async throws {
        try await withDingTalkSimulator { server, _ async throws in
            let notJSON = try await server.send("POST", "/v1.0/oauth2/accessToken", body: Array("appKey=x".utf8))
            #expect(notJSON.status == 400)
            #expect(notJSON.dingTalkCode == "MissingParameter")
            let noSecret = try await server.postDingTalk("/v1.0/oauth2/accessToken", ["appKey": DingTalkSimulator.defaultClientID])
            #expect(noSecret.status == 400)
            #expect(noSecret.dingTalkCode == "MissingParameter")
        }
    }

    @Test func connectionsOpenAnswersAnEndpointOnTheHostAskedAndATicket() async throws {
        try await withDingTalkSimulator { server, _ async throws in
            let answer = try await server.postDingTalk("/v1.0/gateway/connections/open", [
                "clientId": DingTalkSimulator.defaultClientID, "clientSecret": DingTalkSimulator.defaultClientSecret,
                "subscriptions": [robotSubscription, ["type": "EVENT", "topic": "*"]], "ua": "dingtalk-sdk-python/0.24.0",
                "localIp": "10.0.0.2",
            ])
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json")
            #expect(try answer.json["endpoint"] as? String == "ws://127.0.0.1:\(server.port)/connect")
            let ticket = try #require(try answer.json["ticket"] as? String)
            #expect(UUID(uuidString: ticket) != nil)
        }
    }

    @Test func connectionsOpenWithWrongCredentialsIsAuthFailed() async throws {
        try await withDingTalkSimulator { server, _ async throws in
            let answer = try await server.postDingTalk("/v1.0/gateway/connections/open", [
                "clientId": DingTalkSimulator.defaultClientID, "clientSecret": "wrong", "subscriptions": [robotSubscription],
            ])
            #expect(answer.status == 401)
            #expect(answer.dingTalkCode == "authFailed")
            #expect(try answer.json["message"] as? String == "鉴权失败")
            #expect(try answer.json["requestid"] is String)
        }
    }

    @Test func connectionsOpenWithoutSubscriptionsOrJSONIsInvalidParameter() async throws {
        try await withDingTalkSimulator { server, _ async throws in
            let credentials: [String: Any] = [
                "clientId": DingTalkSimulator.defaultClientID, "clientSecret": DingTalkSimulator.defaultClientSecret,
            ]
            let bodies: [[String: Any]] = [
                credentials,
                credentials.merging(["subscriptions": []]) { $1 },
                credentials.merging(["subscriptions": [["type": "WEBHOOK", "topic": "x"]]]) { $1 },
                credentials.merging(["subscriptions": [["type": "CALLBACK"]]]) { $1 },
            ]
            for body in bodies {
                let answer = try await server.postDingTalk("/v1.0/gateway/connections/open", body)
                #expect(answer.status == 400, "\(body)")
                #expect(answer.dingTalkCode == "InvalidParameter", "\(body)")
            }
            let notJSON = try await server.send("POST", "/v1.0/gateway/connections/open", body: Array("{".utf8))
            #expect(notJSON.status == 400)
            #expect(notJSON.dingTalkCode == "InvalidParameter")
        }
    }

    @Test func aTicketOpensOneConnectionOnly() async throws {
        try await withDingTalkSimulator { server, dingtalk async throws in
            let ticket = try await server.dingTalkTicket()
            let first = try await RawWebSocket.connect(port: server.port, path: "/connect?ticket=\(ticket)")
            defer { first.close() }
            try await dingtalk.waitForConnections(1)
            let again = await result { try await RawWebSocket.connect(port: server.port, path: "/connect?ticket=\(ticket)") }
            guard case let .failure(refusal as RawWebSocket.Refused) = again else {
                Issue.record("a used ticket opened a connection: \(again)")
                return
            }
            #expect(refusal.statusLine.hasPrefix("HTTP/1.1 400"))
            let unknown = await result { try await RawWebSocket.connect(port: server.port, path: "/connect?ticket=nope") }
            #expect(throws: RawWebSocket.Refused.self) { try unknown.get() }
            let none = await result { try await RawWebSocket.connect(port: server.port, path: "/connect") }
            #expect(throws: RawWebSocket.Refused.self) { try none.get() }
            #expect(await dingtalk.openConnectionCount() == 1)
        }
    }

    /// Expiry is a matter of time: the test waits past the ticket's lifetime (long
    /// enough that a busy machine still uses the fresh ticket in time).
    @Test func aTicketExpiresAfterItsLifetime() async throws {
        try await withDingTalkSimulator(DingTalkSimulator(ticketLifetime: .seconds(2))) { server, dingtalk async throws in
            let fresh = try await server.dingTalkTicket()
            let stale = try await server.dingTalkTicket()
            let connected = try await RawWebSocket.connect(port: server.port, path: "/connect?ticket=\(fresh)")
            defer { connected.close() }
            try await Task.sleep(for: .milliseconds(2100))
            let late = await result { try await RawWebSocket.connect(port: server.port, path: "/connect?ticket=\(stale)") }
            #expect(throws: RawWebSocket.Refused.self) { try late.get() }
            try await dingtalk.waitForConnections(1)
            #expect(await dingtalk.openConnectionCount() == 1)
        }
    }
}
