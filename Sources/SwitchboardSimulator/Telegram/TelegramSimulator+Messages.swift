import Foundation
import Hummingbird

/// sendMessage, editMessageText, sendMessageDraft and sendChatAction.
extension TelegramSimulator {
    /// The actions sendChatAction accepts.
    static let chatActions: Set = [
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    ]

    /// The longest text, in UTF-16 code units after entity parsing.
    static let maxTextLength = 4096

    /// `chat_id`, `text`, `parse_mode` or `entities`, `message_thread_id`,
    /// `reply_parameters` (or the older `reply_to_message_id`).
    func sendMessage(_ parameters: TelegramParameters) async throws -> Response {
        let chatID = try Self.chatID(parameters)
        let content = try Self.content(parameters, allowingEmpty: false)
        let reply = try Self.reply(parameters)
        let message = try await state.send(
            content, to: chatID, threadID: parameters.int("message_thread_id"), replyTo: reply?.messageId,
            withoutMissingReply: reply?.allowSendingWithoutReply ?? false
        )
        await activity.append(.sent(message))
        return .telegram(await state.json(of: message))
    }

    /// `chat_id`, `message_id`, `text`, `parse_mode` or `entities`.
    func editMessageText(_ parameters: TelegramParameters) async throws -> Response {
        let chatID = try Self.chatID(parameters)
        guard let messageID = parameters.int("message_id") else {
            throw TelegramAPIError.badRequest("message identifier is not specified")
        }
        let content = try Self.content(parameters, allowingEmpty: false)
        let message = try await state.edit(messageID, in: chatID, to: content)
        await activity.append(.edited(message))
        return .telegram(await state.json(of: message))
    }

    /// `chat_id` (a private chat), `draft_id` (not 0), `message_thread_id`, `text`
    /// (may be empty), `parse_mode` or `entities`.
    func sendMessageDraft(_ parameters: TelegramParameters) async throws -> Response {
        let chatID = try Self.chatID(parameters)
        guard let draftID = parameters.int("draft_id"), draftID != 0 else {
            throw TelegramAPIError.badRequest("draft_id must be non-zero")
        }
        let content = try Self.content(parameters, allowingEmpty: true)
        let chat = try await state.knownChat(chatID)
        guard chat.kind == .private else { throw TelegramAPIError.badRequest("TEXTDRAFT_PEER_INVALID") }
        let threadID = parameters.int("message_thread_id")
        await activity.append(.draft(chatID: chatID, threadID: threadID, draftID: draftID, text: content.text))
        return .telegram(true)
    }

    /// `chat_id`, `action`, `message_thread_id`.
    func sendChatAction(_ parameters: TelegramParameters) async throws -> Response {
        let chatID = try Self.chatID(parameters)
        guard let action = parameters.string("action"), Self.chatActions.contains(action) else {
            throw TelegramAPIError.badRequest("wrong parameter action in request")
        }
        let chat = try await state.knownChat(chatID)
        let threadID = try await state.topic(parameters.int("message_thread_id"), in: chat)
        await activity.append(.chatAction(chatID: chatID, threadID: threadID, action: action))
        return .telegram(true)
    }

    /// `chat_id`: an integer; an "@username" names no chat the simulator knows.
    private static func chatID(_ parameters: TelegramParameters) throws(TelegramAPIError) -> Int64 {
        guard let text = parameters.string("chat_id"), !text.isEmpty else { throw .badRequest("chat_id is empty") }
        guard let chatID = parameters.integer("chat_id") else { throw .chatNotFound }
        return chatID
    }

    /// `text` as users will see it: parsed by `parse_mode`, or with the `entities`
    /// given; at most 4096 UTF-16 code units, and not blank unless `allowingEmpty`.
    private static func content(_ parameters: TelegramParameters, allowingEmpty: Bool) throws(TelegramAPIError) -> FormattedText {
        let text = parameters.string("text") ?? ""
        let content: FormattedText
        if let entities = try parameters.decode("entities", as: [TelegramJSON.Entity].self) {
            content = FormattedText(text: text, entities: entities.map(\.entity))
        } else if let modeName = parameters.string("parse_mode"), !modeName.isEmpty {
            guard let mode = TelegramParseMode(name: modeName) else { throw .badRequest("unsupported parse_mode") }
            do {
                content = try mode.parse(text)
            } catch {
                throw .badRequest("can't parse entities: \(error.message)")
            }
        } else {
            content = FormattedText(text: text, entities: [])
        }
        guard allowingEmpty || !content.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .badRequest("message text is empty")
        }
        guard content.text.utf16.count <= maxTextLength else { throw .badRequest("message is too long") }
        return content
    }

    /// The message to reply to: `reply_parameters` (a ReplyParameters object) or
    /// `reply_to_message_id`.
    private static func reply(_ parameters: TelegramParameters) throws(TelegramAPIError) -> ReplyParameters? {
        if let reply = try parameters.decode("reply_parameters", as: ReplyParameters.self) { return reply }
        return parameters.int("reply_to_message_id").map {
            ReplyParameters(messageId: $0, allowSendingWithoutReply: parameters.bool("allow_sending_without_reply"))
        }
    }

    /// The ReplyParameters fields the simulator reads.
    private struct ReplyParameters: Decodable {
        let messageId: Int
        var allowSendingWithoutReply: Bool?
    }
}
