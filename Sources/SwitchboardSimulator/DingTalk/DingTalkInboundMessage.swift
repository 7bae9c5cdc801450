/// A user's message as the bot received it: the first stream frame that carried it.
public struct DingTalkInboundMessage: Sendable {
    /// `msgId`, the same in every push of the message.
    public let msgID: String
    public let conversationID: String
    /// The `messageId` header of the first frame that carried it (a push made again
    /// has a new one).
    public let frameMessageID: String
    /// Where the bot may answer: `http://<host>/robot/sendBySession?session=…`.
    public let sessionWebhook: String
    /// The frame's `data`: the robot message as JSON text.
    public let data: String
}
