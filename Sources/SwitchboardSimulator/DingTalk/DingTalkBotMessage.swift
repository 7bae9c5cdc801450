/// A message the bot sent.
public struct DingTalkBotMessage: Sendable, Equatable {
    /// The API it came by.
    public enum Route: String, Sendable {
        /// `POST /robot/sendBySession`: an answer to a user's message.
        case sessionWebhook
        /// `POST /v1.0/robot/oToMessages/batchSend`: to users' single chats.
        case batchSend
        /// `POST /v1.0/robot/groupMessages/send`: to a group.
        case groupMessages
        /// `POST /robot/send`: a custom (webhook) robot's message.
        case webhookRobot
    }

    public let route: Route
    /// The conversation it went to; nil for a custom robot's message.
    public let conversationID: String?
    /// "text" or "markdown".
    public let msgtype: String
    /// `text.content`, or `markdown.text`.
    public let text: String
    /// `markdown.title`; nil for text.
    public let title: String?

    public init(route: Route, conversationID: String?, msgtype: String, text: String, title: String? = nil) {
        self.route = route
        self.conversationID = conversationID
        self.msgtype = msgtype
        self.text = text
        self.title = title
    }
}
