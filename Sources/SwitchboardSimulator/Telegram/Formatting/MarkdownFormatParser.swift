/// Telegram's legacy `parse_mode` Markdown: *bold*, _italic_, `code`, ```pre``` and
/// [text](url). Entities do not nest; "\" escapes `_`, `*`, "`" and `[` outside them.
struct MarkdownFormatParser {
    private let input: [UInt8]
    private var position = 0
    private var output = FormattedTextBuilder()

    private init(_ text: String) {
        input = Array(text.utf8)
    }

    /// `text`'s plain text and entities.
    static func parse(_ text: String) throws(FormattingError) -> FormattedText {
        var parser = MarkdownFormatParser(text)
        return try parser.run()
    }

    private mutating func run() throws(FormattingError) -> FormattedText {
        while position < input.count {
            let start = position
            switch input[position] {
            case UInt8(ascii: "\\") where position + 1 < input.count && "_*`[".utf8.contains(input[position + 1]):
                output.append(input[position + 1])
                position += 2
            case UInt8(ascii: "*"): try readSpan(closedBy: "*", type: "bold", start: start)
            case UInt8(ascii: "_"): try readSpan(closedBy: "_", type: "italic", start: start)
            case UInt8(ascii: "`") where input[position...].starts(with: "```".utf8):
                position += 2
                try readSpan(closedBy: "```", type: "pre", start: start)
            case UInt8(ascii: "`"): try readSpan(closedBy: "`", type: "code", start: start)
            case UInt8(ascii: "["): try readLink(start: start)
            default:
                output.append(input[position])
                position += 1
            }
        }
        return output.result
    }

    /// Reads from after the opening mark to `end`, as plain text in an entity of `type`.
    private mutating func readSpan(closedBy end: String, type: String, start: Int) throws(FormattingError) {
        position += 1
        guard let content = readUntil(end) else { throw unclosed(at: start) }
        let offset = output.utf16Offset
        output.append(String(decoding: content, as: UTF8.self))
        output.addEntity(type, from: offset)
    }

    private mutating func readLink(start: Int) throws(FormattingError) {
        position += 1
        guard let text = readUntil("]") else { throw unclosed(at: start) }
        guard position < input.count, input[position] == UInt8(ascii: "(") else {
            output.append("[" + String(decoding: text, as: UTF8.self) + "]")
            return
        }
        position += 1
        guard let url = readUntil(")") else { throw unclosed(at: start) }
        let offset = output.utf16Offset
        output.append(String(decoding: text, as: UTF8.self))
        output.addEntity("text_link", from: offset, url: String(decoding: url, as: UTF8.self))
    }

    /// The bytes up to `end`, with `position` past it; nil when `end` never comes.
    private mutating func readUntil(_ end: String) -> [UInt8]? {
        guard let found = input[position...].firstRange(of: Array(end.utf8)) else { return nil }
        defer { position = found.upperBound }
        return Array(input[position..<found.lowerBound])
    }

    private func unclosed(at start: Int) -> FormattingError {
        FormattingError(message: "Can't find end of the entity starting at byte offset \(start)")
    }
}
