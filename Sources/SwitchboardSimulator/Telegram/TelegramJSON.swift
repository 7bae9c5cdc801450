import Foundation
import Hummingbird
import NIOCore

/// The Bot API's objects as JSON. Property names are the wire names in camel case;
/// `TelegramJSON.encoder` and `.decoder` convert them to and from snake case.
enum TelegramJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// A User; getMe adds what the bot may do.
    struct User: Codable {
        var id: Int64
        var isBot: Bool?
        var firstName: String
        var username: String?
        var canJoinGroups: Bool?
        var canReadAllGroupMessages: Bool?
        var supportsInlineQueries: Bool?

        init(_ user: TelegramUser) {
            id = user.id
            isBot = user.isBot
            firstName = user.firstName
            username = user.username
        }

        var user: TelegramUser {
            TelegramUser(id: id, firstName: firstName, username: username, isBot: isBot ?? false)
        }
    }

    /// A Chat: a title for groups, the user's name for a private chat.
    struct Chat: Codable {
        var id: Int64
        var type: String
        var title: String?
        var username: String?
        var firstName: String?
        var isForum: Bool?

        init(_ chat: TelegramChat) {
            id = chat.id
            type = chat.kind.rawValue
            title = chat.title
            username = chat.user?.username
            firstName = chat.user?.firstName
            isForum = chat.isForum ? true : nil
        }
    }

    /// A MessageEntity.
    struct Entity: Codable {
        var type: String
        var offset: Int
        var length: Int
        var url: String?
        var user: User?
        var language: String?

        init(_ entity: TelegramEntity) {
            type = entity.type
            offset = entity.offset
            length = entity.length
            url = entity.url
            user = entity.user.map(User.init)
            language = entity.language
        }

        var entity: TelegramEntity {
            TelegramEntity(type: type, offset: offset, length: length, user: user?.user, url: url, language: language)
        }
    }

    /// A text Message; `replyToMessage` is the whole message replied to, without its own reply.
    final class Message: Encodable, Sendable {
        let messageId: Int
        let from: User
        let chat: Chat
        let date: Int
        let editDate: Int?
        let text: String
        let entities: [Entity]?
        let messageThreadId: Int?
        let isTopicMessage: Bool?
        let replyToMessage: Message?

        init(_ message: TelegramMessage, in chat: TelegramChat, replyingTo replied: Message? = nil) {
            messageId = message.messageID
            from = User(message.from)
            self.chat = Chat(chat)
            date = message.date
            editDate = message.editDate
            text = message.text
            entities = message.entities.isEmpty ? nil : message.entities.map(Entity.init)
            messageThreadId = message.threadID
            isTopicMessage = chat.isForum && message.threadID != nil ? true : nil
            replyToMessage = replied
        }
    }

    /// An Update carrying a message.
    struct Update: Encodable {
        let updateId: Int
        let message: Message
    }

    /// A WebhookInfo.
    struct WebhookInfo: Encodable {
        var url = ""
        var hasCustomCertificate = false
        var pendingUpdateCount: Int
        var lastErrorDate: Int?
        var lastErrorMessage: String?
        var maxConnections: Int?
        var allowedUpdates: [String]?
    }

    /// `{"ok":true,"result":…}`, with a `description` for the webhook methods.
    struct Success<Result: Encodable>: Encodable {
        let ok = true
        let result: Result
        let description: String?
    }

    /// `{"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}`.
    struct Failure: Encodable {
        struct Parameters: Encodable {
            let retryAfter: Int
        }

        let ok = false
        let errorCode: Int
        let description: String
        let parameters: Parameters?

        init(_ error: TelegramAPIError) {
            errorCode = error.code
            description = error.description
            parameters = error.retryAfter.map(Parameters.init)
        }
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        // Only the types above are encoded, and they always encode.
        Array(try! encoder.encode(value))
    }
}

extension Response {
    /// 200 `{"ok":true,"result":<result>}`.
    static func telegram(_ result: some Encodable, description: String? = nil) -> Response {
        encodedJSON(TelegramJSON.encode(TelegramJSON.Success(result: result, description: description)))
    }

    /// The error's status and body.
    static func telegram(_ error: TelegramAPIError) -> Response {
        encodedJSON(TelegramJSON.encode(TelegramJSON.Failure(error)), status: error.code)
    }
}
