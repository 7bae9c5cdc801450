#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Stream mode's wire format (DingTalk's stream protocol, as its official SDKs speak it).

/// What `POST /v1.0/gateway/connections/open` takes.
struct OpenConnectionRequest: Encodable {
    struct Subscription: Encodable {
        var type: String
        var topic: String
    }

    var clientId: String
    var clientSecret: String
    var subscriptions: [Subscription]
    var ua: String
}

/// Where to connect: the endpoint and a ticket good for one connection, for 90 s.
struct OpenConnectionAnswer: Decodable {
    var endpoint: String
    var ticket: String
}

/// One frame the gateway sends: `data` is a string holding JSON.
struct DataFrame: Decodable {
    /// SYSTEM, EVENT or CALLBACK.
    var type: String
    var headers: [String: String]
    var data: String?

    var topic: String? { headers["topic"] }
    var messageID: String? { headers["messageId"] }

    static let robotMessageTopic = "/v1.0/im/bot/messages/get"
}

/// The answer to a frame: an ACK with the frame's messageId.
struct AckFrame: Encodable {
    var code: Int
    var headers: [String: String]
    var message: String
    var data: String

    /// Acknowledges `frame`; `data` goes back as given (a ping's opaque, say).
    init(answering messageID: String, code: Int = 200, message: String = "OK", data: String = #"{"response":null}"#) {
        self.code = code
        headers = ["contentType": "application/json", "messageId": messageID]
        self.message = message
        self.data = data
    }

    var text: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// A message a user sent the robot: the `data` of a robot-message CALLBACK frame.
struct RobotMessage: Decodable {
    struct Text: Decodable {
        var content: String
    }

    /// richText: an array of parts; only the text parts matter here.
    struct Content: Decodable {
        struct Part: Decodable {
            var text: String?
        }

        var richText: [Part]?
    }

    var msgId: String
    var msgtype: String
    var conversationId: String
    /// "1" a single chat, "2" a group.
    var conversationType: String
    var senderId: String
    var senderStaffId: String?
    var senderNick: String?
    var isInAtList: Bool?
    var sessionWebhook: String?
    var sessionWebhookExpiredTime: Int64?
    var createAt: Int64?
    var text: Text?
    var content: Content?

    var isGroup: Bool { conversationType == "2" }

    /// The text typed, for text and rich text messages; nil for others (pictures, files…).
    var typedText: String? {
        switch msgtype {
        case "text": text?.content.trimmingWhitespace
        case "richText": content?.richText?.compactMap(\.text).joined().trimmingWhitespace
        default: nil
        }
    }
}

extension String {
    /// Without leading and trailing whitespace (DingTalk leaves a space where the
    /// @mention of the robot was).
    var trimmingWhitespace: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}

/// Any JSON value: a robot message passes on to the host with some fields taken out.
enum JSONValue: Codable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value) where value == value.rounded() && abs(value) < 9e15: try container.encode(Int64(value))
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }
}

extension RobotMessage {
    /// `json` (this message's JSON text) without the session webhook, which lets anyone
    /// holding it post into the conversation: it has no place in the host's store.
    static func withoutSessionWebhook(_ json: String) -> String? {
        guard case var .object(fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { return nil }
        fields["sessionWebhook"] = nil
        fields["sessionWebhookExpiredTime"] = nil
        return (try? JSONEncoder().encode(JSONValue.object(fields))).map { String(decoding: $0, as: UTF8.self) }
    }
}
