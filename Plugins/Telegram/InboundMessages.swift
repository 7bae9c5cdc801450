import SwitchboardProviderKit

/// Turns Telegram messages into the host's inbound messages: who wrote where, and
/// whether the bot was addressed.
///
/// Message ids are `<chat id>/<message id>` (Telegram numbers messages per chat); a
/// forum topic is the message's thread. In groups the bot counts as addressed when a
/// message mentions it (`@username`, or a mention entity naming its user), runs one of
/// its commands (`/new`, `/new@username`), or replies to one of its messages. Commands
/// meant for another bot (`/new@other_bot`) are not delivered at all.
struct InboundMessages {
    /// The bot's own user id and lowercased username, from getMe.
    let botID: Int64
    let botUsername: String

    /// The host's message for `message`, or nil when it is nothing to answer: not text,
    /// a channel post, or a command for another bot.
    func incoming(_ message: Message) -> IncomingMessage? {
        guard let text = message.text, let sender = message.from, message.chat.type != "channel" else { return nil }
        let units = Array(text.utf16)
        let entities = message.entities ?? []
        // In a forum topic every message "replies" to the topic's first message; only a
        // reply to another message is one.
        let repliedTo = message.replyToMessage.flatMap { replied in
            message.isTopicMessage == true && replied.messageID == message.messageThreadID ? nil : replied
        }
        var mentionsBot = repliedTo?.from?.id == botID
        // The part of the text to drop: the bot's name on a command, or a leading mention.
        var removed: Range<Int>?
        for entity in entities {
            guard entity.offset >= 0, entity.length > 0, entity.offset + entity.length <= units.count else { continue }
            let span = String(decoding: units[entity.offset..<(entity.offset + entity.length)], as: UTF16.self)
            switch entity.type {
            case "bot_command":
                guard entity.offset == 0 else { continue }
                // A bare /command in a group is for every bot there, this one included.
                mentionsBot = true
                guard let at = span.firstIndex(of: "@") else { continue }
                guard span[span.index(after: at)...].lowercased() == botUsername else { return nil }
                let nameStart = span.utf16.distance(from: span.startIndex, to: at)
                removed = nameStart..<entity.length
            case "mention" where span.dropFirst().lowercased() == botUsername,
                 "text_mention" where entity.user?.id == botID:
                mentionsBot = true
                if entity.offset == 0 { removed = 0..<entity.length }
            default:
                continue
            }
        }
        var delivered = units
        if let removed {
            delivered.removeSubrange(removed)
            if removed.lowerBound == 0 { delivered = Array(delivered.drop { $0 == 0x20 || $0 == 0x0A }) }
        }
        let chatID = String(message.chat.id)
        let isPrivate = message.chat.type == "private"
        return IncomingMessage(
            messageID: Self.messageID(chat: message.chat.id, message: message.messageID),
            chatID: chatID,
            chatType: isPrivate ? .private : .group,
            senderID: String(sender.id),
            senderName: [sender.firstName, sender.lastName].compactMap { $0 }.joined(separator: " "),
            text: String(decoding: delivered, as: UTF16.self),
            mentionsBot: isPrivate || mentionsBot,
            replyToID: repliedTo.map { Self.messageID(chat: message.chat.id, message: $0.messageID) },
            threadID: message.isTopicMessage == true ? message.messageThreadID.map(String.init) : nil,
            timestampMilliseconds: message.date * 1000
        )
    }

    /// The host's id of a Telegram message.
    static func messageID(chat: Int64, message: Int) -> String {
        "\(chat)/\(message)"
    }

    /// Telegram's message number in a host message id, if it is one of ours.
    static func telegramMessageID(_ hostID: String) -> Int? {
        hostID.split(separator: "/").last.flatMap { Int($0) }
    }
}
