import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// Runs `body` against a started Telegram simulator, stopped afterwards whatever happens.
func withTelegramSimulator(
    _ telegram: TelegramSimulator = TelegramSimulator(),
    _ body: (SimulatorServer, TelegramSimulator) async throws -> Void
) async throws {
    try await withSimulator(telegram, body)
}

extension SimulatorServer {
    /// The bot's token, as the Telegram simulator on this server knows it.
    var telegramToken: String { (platform as! TelegramSimulator).token }

    /// Calls the Bot API `method` with `parameters` as a JSON body.
    func bot(_ method: String, _ parameters: [String: Any] = [:], idleTimeout: Duration? = nil) async throws -> HTTPResponse {
        let body = try JSONSerialization.data(withJSONObject: parameters)
        return try await send(
            "POST", "/bot\(telegramToken)/\(method)", headers: [("Content-Type", "application/json")], body: Array(body),
            idleTimeout: idleTimeout
        )
    }
}

extension HTTPResponse {
    /// `result` of a successful Bot API answer, as a JSON object.
    var resultObject: [String: Any] {
        get throws { try #require(try json["result"] as? [String: Any], "not a result object: \(text)") }
    }

    /// `result` of a successful Bot API answer, as a JSON array of objects.
    var resultArray: [[String: Any]] {
        get throws { try #require(try json["result"] as? [[String: Any]], "not a result array: \(text)") }
    }

    /// `description` of a Bot API answer: a refusal's reason, or a webhook method's note.
    var apiDescription: String? {
        (try? json["description"]) as? String
    }
}

/// Chats for the tests.
extension TelegramChat {
    static let aliceChat = TelegramChat.privateChat(with: .alice)
    static let team = TelegramChat.group(id: -4001, title: "Team")
    static let forum = TelegramChat.supergroup(id: -1_001_234_567_890, title: "Forum", isForum: true)
}
