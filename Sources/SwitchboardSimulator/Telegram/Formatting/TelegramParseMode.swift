/// A `parse_mode`: how the bot's text marks up formatting.
enum TelegramParseMode: Sendable {
    case html, markdownV2, markdown

    /// The mode called `name` (case-insensitively, as Telegram reads it); nil when unsupported.
    init?(name: String) {
        switch name.lowercased() {
        case "html": self = .html
        case "markdownv2": self = .markdownV2
        case "markdown": self = .markdown
        default: return nil
        }
    }

    /// `text`'s plain text and entities.
    func parse(_ text: String) throws(FormattingError) -> FormattedText {
        switch self {
        case .html: try HTMLFormatParser.parse(text)
        case .markdownV2: try MarkdownV2FormatParser.parse(text)
        case .markdown: try MarkdownFormatParser.parse(text)
        }
    }
}
