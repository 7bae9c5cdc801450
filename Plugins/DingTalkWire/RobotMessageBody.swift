#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body of a robot message, as DingTalk's session webhooks and custom robot
/// webhooks take it: `{"msgtype":"text","text":{"content"}}` or
/// `{"msgtype":"markdown","markdown":{"title","text"}}`.
public struct RobotMessageBody: Encodable, Sendable {
    public struct Text: Encodable, Sendable {
        public var content: String
    }

    public struct Markdown: Encodable, Sendable {
        /// What notifications and the chat list show for the message.
        public var title: String
        public var text: String
    }

    public var msgtype: String
    public var text: Text?
    public var markdown: Markdown?

    /// A Markdown message when `isMarkdown`, else plain text.
    public init(_ text: String, isMarkdown: Bool) {
        if isMarkdown {
            msgtype = "markdown"
            markdown = Markdown(title: Self.title(of: text), text: text)
        } else {
            msgtype = "text"
            self.text = Text(content: text)
        }
    }

    /// The robot API's `msgKey` and `msgParam` for the same message: sampleMarkdown or
    /// sampleText, the parameters as the JSON string the API wants.
    public var templateMessage: (msgKey: String, msgParam: String) {
        let parameters: any Encodable = markdown ?? text ?? Text(content: "")
        let json = (try? JSONEncoder().encode(parameters)) ?? Data()
        return (markdown == nil ? "sampleText" : "sampleMarkdown", String(decoding: json, as: UTF8.self))
    }

    /// The first line with text, without Markdown marks, at most 30 characters: what
    /// DingTalk shows in a notification.
    static func title(of text: String) -> String {
        let marks: Set<Character> = ["#", "*", "_", "`", ">", "-", "~", " ", "\t"]
        for line in text.split(whereSeparator: \.isNewline) {
            let plain = line.drop { marks.contains($0) }.filter { !"*_`~".contains($0) }
            let trimmed = plain.trimmingSuffix(while: \.isWhitespace)
            guard !trimmed.isEmpty else { continue }
            return trimmed.count <= 30 ? trimmed : String(trimmed.prefix(29)) + "…"
        }
        return "Reply"
    }
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, predicate(last) { text.removeLast() }
        return text
    }
}
