/// Something the bot did that users see.
public enum TelegramActivity: Sendable {
    /// `sendMessage` succeeded.
    case sent(TelegramMessage)
    /// `editMessageText` succeeded; the message with its new text.
    case edited(TelegramMessage)
    /// `sendMessageDraft` succeeded.
    case draft(chatID: Int64, threadID: Int?, draftID: Int, text: String)
    /// `sendChatAction` succeeded.
    case chatAction(chatID: Int64, threadID: Int?, action: String)
}
