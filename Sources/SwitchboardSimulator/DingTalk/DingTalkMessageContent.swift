/// What a bot message says, whichever API carried it: text, or markdown with a title.
struct DingTalkMessageContent: Equatable {
    /// The longest content accepted, in characters.
    static let maxLength = 20_000

    /// "text" or "markdown".
    let msgtype: String
    /// `text.content`, or `markdown.text`.
    let text: String
    /// `markdown.title`.
    let title: String?

    static func text(_ content: String) -> DingTalkMessageContent {
        DingTalkMessageContent(msgtype: "text", text: content, title: nil)
    }

    static func markdown(title: String, text: String) -> DingTalkMessageContent {
        DingTalkMessageContent(msgtype: "markdown", text: text, title: title)
    }

    /// The message as recorded, sent by `route` to `conversationID`.
    func message(by route: DingTalkBotMessage.Route, to conversationID: String?) -> DingTalkBotMessage {
        DingTalkBotMessage(route: route, conversationID: conversationID, msgtype: msgtype, text: text, title: title)
    }
}

/// Reading the content off each API's body.
extension DingTalkMessageContent {
    /// The content of a session webhook's or custom robot's body:
    /// `{"msgtype":"text","text":{"content"}}` or
    /// `{"msgtype":"markdown","markdown":{"title","text"}}` (other fields, such as `at`,
    /// are ignored). Anything else is 40035; a content over `maxLength` is 460101.
    init(webhookBody body: [UInt8]) throws(DingTalkRobotAnswer) {
        guard let object = DingTalkJSONObject(json: body) else { throw .missingJSON }
        switch object.string("msgtype") {
        case "text":
            guard let content = object.object("text")?.string("content") else { throw .missingJSON }
            self = .text(content)
        case "markdown":
            guard let markdown = object.object("markdown"), let title = markdown.string("title"),
                  let text = markdown.string("text") else { throw .missingJSON }
            self = .markdown(title: title, text: text)
        default:
            throw .missingJSON
        }
        guard text.count <= Self.maxLength else { throw .messageTooLong }
    }

    /// The content of a robot API's `msgKey` and `msgParam` (JSON text):
    /// "sampleText" with `{"content"}`, or "sampleMarkdown" with `{"title","text"}`.
    init(msgKey: String?, msgParam: String?) throws(DingTalkAPIError) {
        guard let msgKey, !msgKey.isEmpty else { throw .missingParameter("msgKey") }
        guard let msgParam, !msgParam.isEmpty else { throw .missingParameter("msgParam") }
        guard let param = DingTalkJSONObject(json: msgParam) else { throw .invalidParameter("msgParam") }
        switch msgKey {
        case "sampleText":
            guard let content = param.string("content") else { throw .invalidParameter("msgParam") }
            self = .text(content)
        case "sampleMarkdown":
            guard let title = param.string("title"), let text = param.string("text") else {
                throw .invalidParameter("msgParam")
            }
            self = .markdown(title: title, text: text)
        default:
            throw .invalidParameter("msgParam")
        }
    }
}
