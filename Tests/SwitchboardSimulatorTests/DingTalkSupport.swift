import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// Runs `body` against a started DingTalk simulator, stopped afterwards whatever happens.
func withDingTalkSimulator(
    _ dingtalk: DingTalkSimulator = DingTalkSimulator(),
    _ body: (SimulatorServer, DingTalkSimulator) async throws -> Void
) async throws {
    try await withSimulator(dingtalk, body)
}

/// The subscription DingTalk's SDKs make for robot messages.
var robotSubscription: [String: Any] { ["type": "CALLBACK", "topic": "/v1.0/im/bot/messages/get"] }

extension SimulatorServer {
    /// Sends `method` to `target` with `json` as an application/json body.
    func dingTalk(
        _ method: String, _ target: String, json: Any, accessToken: String? = nil
    ) async throws -> HTTPResponse {
        var headers = [(name: "Content-Type", value: "application/json")]
        if let accessToken { headers.append(("x-acs-dingtalk-access-token", accessToken)) }
        return try await send(method, target, headers: headers, body: Array(try JSONSerialization.data(withJSONObject: json)))
    }

    /// POSTs `json` to `target`.
    func postDingTalk(_ target: String, _ json: Any, accessToken: String? = nil) async throws -> HTTPResponse {
        try await dingTalk("POST", target, json: json, accessToken: accessToken)
    }

    /// A new access token for the default app.
    func dingTalkAccessToken() async throws -> String {
        let answer = try await postDingTalk(
            "/v1.0/oauth2/accessToken",
            ["appKey": DingTalkSimulator.defaultClientID, "appSecret": DingTalkSimulator.defaultClientSecret]
        )
        return try #require(try answer.json["accessToken"] as? String, "no token: \(answer.text)")
    }

    /// A stream ticket for the default app, subscribed to `subscriptions`.
    func dingTalkTicket(subscriptions: [[String: Any]] = [robotSubscription]) async throws -> String {
        let answer = try await postDingTalk("/v1.0/gateway/connections/open", [
            "clientId": DingTalkSimulator.defaultClientID, "clientSecret": DingTalkSimulator.defaultClientSecret,
            "subscriptions": subscriptions, "ua": "switchboard-tests", "localIp": "127.0.0.1",
        ])
        return try #require(try answer.json["ticket"] as? String, "no ticket: \(answer.text)")
    }

    /// Opens a stream connection as the SDKs do (connections/open, then the WebSocket),
    /// and waits until the simulator has registered it as its `connection`th.
    func openDingTalkStream(
        _ dingtalk: DingTalkSimulator, connection: Int = 1, subscriptions: [[String: Any]] = [robotSubscription]
    ) async throws -> RawWebSocket {
        let ticket = try await dingTalkTicket(subscriptions: subscriptions)
        let socket = try await RawWebSocket.connect(port: port, path: "/connect?ticket=\(ticket)")
        try await dingtalk.waitForConnections(connection)
        return socket
    }
}

extension RawWebSocket {
    /// Acks the pushed `frame` as the SDKs do: code 200, its messageId, `{"response":null}`.
    func acknowledge(_ frame: [String: Any], code: Int = 200) async throws {
        let messageID = try #require((frame["headers"] as? [String: Any])?["messageId"] as? String)
        try await send(json: [
            "code": code, "headers": ["contentType": "application/json", "messageId": messageID], "message": "OK",
            "data": #"{"response":null}"#,
        ])
    }
}

extension [String: Any] {
    /// A frame's `headers`.
    var frameHeaders: [String: Any] { self["headers"] as? [String: Any] ?? [:] }

    /// A frame's `data`, JSON text, decoded.
    var frameData: [String: Any] {
        get throws {
            let text = try #require(self["data"] as? String, "data is not a string")
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
    }
}

extension HTTPResponse {
    /// A new-API refusal's `code`.
    var dingTalkCode: String? { (try? json["code"]) as? String }

    /// An old robot API answer's `errcode`.
    var errcode: Int? { (try? json["errcode"]) as? Int }
}

/// Conversations for the tests.
extension DingTalkConversation {
    static let aliceChat = DingTalkConversation.single(with: .alice)
    static let team = DingTalkConversation.group(id: "cidTeamGroup0001==", title: "Team")
}
