/// Something the bot did: a message, a card, an answer to a stream frame.
public enum DingTalkActivity: Sendable {
    /// A message was accepted, by any route.
    case message(DingTalkBotMessage)
    /// `createAndDeliver` made a card.
    case cardCreated(outTrackID: String)
    /// A streaming update was accepted.
    case cardStreamed(outTrackID: String, DingTalkCardUpdate)
    /// `PUT /v1.0/card/instances` changed the card's parameters; `params` as they are now.
    case cardUpdated(outTrackID: String, params: [String: String])
    /// The client answered a frame other than a ping (an ack, whatever its code or
    /// messageId). Only code 200 with a pushed frame's messageId acknowledges a push.
    case acknowledged(frameMessageID: String, code: Int)
    /// The client answered a SYSTEM ping with code 200 and its `opaque`.
    case pong(opaque: String)
}
