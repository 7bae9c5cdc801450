// The parts of the Bot API's objects this provider reads and writes
// (https://core.telegram.org/bots/api). Unknown fields are ignored.

/// An incoming update; only messages matter here.
struct Update: Decodable {
    var updateID: Int
    var message: Message?

    enum CodingKeys: String, CodingKey {
        case updateID = "update_id", message
    }
}

struct Message: Decodable {
    var messageID: Int
    var from: User?
    var chat: Chat
    var date: Int64
    var text: String?
    var entities: [MessageEntity]?
    var messageThreadID: Int?
    var isTopicMessage: Bool?
    var replyToMessage: RepliedMessage?

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", from, chat, date, text, entities, messageThreadID = "message_thread_id"
        case isTopicMessage = "is_topic_message", replyToMessage = "reply_to_message"
    }
}

/// The message another one replies to, as far as addressing needs it.
struct RepliedMessage: Decodable {
    var messageID: Int
    var from: User?

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", from
    }
}

struct User: Decodable {
    var id: Int64
    var isBot: Bool
    var firstName: String
    var lastName: String?
    var username: String?

    enum CodingKeys: String, CodingKey {
        case id, isBot = "is_bot", firstName = "first_name", lastName = "last_name", username
    }
}

struct Chat: Decodable {
    var id: Int64
    /// private, group, supergroup or channel.
    var type: String
}

/// A marked span of a message's text; offsets and lengths count UTF-16 code units.
struct MessageEntity: Decodable {
    var type: String
    var offset: Int
    var length: Int
    var user: User?
}

// MARK: Requests

struct GetUpdatesRequest: Encodable {
    var offset: Int?
    var timeout: Int
    var allowedUpdates = ["message"]

    enum CodingKeys: String, CodingKey {
        case offset, timeout, allowedUpdates = "allowed_updates"
    }
}

struct SetWebhookRequest: Encodable {
    var url: String
    var secretToken: String
    var allowedUpdates = ["message"]

    enum CodingKeys: String, CodingKey {
        case url, secretToken = "secret_token", allowedUpdates = "allowed_updates"
    }
}

struct DeleteWebhookRequest: Encodable {
    /// Keep what Telegram queued while the webhook was set: it is delivered by polling.
    var dropPendingUpdates = false

    enum CodingKeys: String, CodingKey {
        case dropPendingUpdates = "drop_pending_updates"
    }
}

struct NoParameters: Encodable {}

struct SendMessageRequest: Encodable {
    var chatID: Int64
    var text: String
    var parseMode: String?
    var messageThreadID: Int?
    var replyParameters: ReplyParameters?

    struct ReplyParameters: Encodable {
        var messageID: Int
        /// Answer even when the user deleted the message meanwhile.
        var allowSendingWithoutReply = true

        enum CodingKeys: String, CodingKey {
            case messageID = "message_id", allowSendingWithoutReply = "allow_sending_without_reply"
        }
    }

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id", text, parseMode = "parse_mode", messageThreadID = "message_thread_id"
        case replyParameters = "reply_parameters"
    }
}

struct EditMessageTextRequest: Encodable {
    var chatID: Int64
    var messageID: Int
    var text: String
    var parseMode: String?

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id", messageID = "message_id", text, parseMode = "parse_mode"
    }
}

struct SendMessageDraftRequest: Encodable {
    var chatID: Int64
    var messageThreadID: Int?
    var draftID: Int
    var text: String
    var parseMode: String?

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id", messageThreadID = "message_thread_id", draftID = "draft_id", text, parseMode = "parse_mode"
    }
}

struct SendChatActionRequest: Encodable {
    var chatID: Int64
    var messageThreadID: Int?
    var action = "typing"

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id", messageThreadID = "message_thread_id", action
    }
}

/// The answer to a sending call: the message, of which only the id matters.
struct SentMessage: Decodable {
    var messageID: Int

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
    }
}
