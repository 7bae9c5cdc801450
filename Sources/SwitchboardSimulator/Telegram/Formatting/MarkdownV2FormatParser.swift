/// Telegram's `parse_mode` MarkdownV2: *bold*, _italic_, __underline__, ~strikethrough~,
/// ||spoiler||, `code`, ```language pre```, [text](url) and ">" blockquote lines.
/// Outside code and pre, each of `_*[]()~`>#+-=|{}.!` that starts no entity must be
/// escaped with "\"; inside them only "`" and "\" are. Errors are worded as Telegram's.
/// Not supported: custom emoji (`![..](tg://emoji?id=..)`), expandable blockquotes.
struct MarkdownV2FormatParser {
    private enum Kind {
        case bold, italic, underline, strikethrough, spoiler, textLink

        /// The name Telegram's errors give it.
        var name: String {
            switch self {
            case .bold: "Bold"
            case .italic: "Italic"
            case .underline: "Underline"
            case .strikethrough: "Strikethrough"
            case .spoiler: "Spoiler"
            case .textLink: "TextUrl"
            }
        }

        var entityType: String {
            switch self {
            case .bold: "bold"
            case .italic: "italic"
            case .underline: "underline"
            case .strikethrough: "strikethrough"
            case .spoiler: "spoiler"
            case .textLink: "text_link"
            }
        }
    }

    private struct OpenEntity {
        let kind: Kind
        /// Where its content starts, in UTF-16 code units of the output.
        let offset: Int
        /// Where its opening mark is in the input, for errors.
        let byteOffset: Int
    }

    private static let reserved = Set("_*[]()~`>#+-=|{}.!".utf8)

    private let input: [UInt8]
    private var position = 0
    private var output = FormattedTextBuilder()
    private var openEntities: [OpenEntity] = []
    /// The blockquote being read: where it starts and how many entities were open then.
    private var quote: (offset: Int, depth: Int)?

    private init(_ text: String) {
        input = Array(text.utf8)
    }

    /// `text`'s plain text and entities.
    static func parse(_ text: String) throws(FormattingError) -> FormattedText {
        var parser = MarkdownV2FormatParser(text)
        return try parser.run()
    }

    private mutating func run() throws(FormattingError) -> FormattedText {
        while position < input.count {
            if position == 0 || input[position - 1] == UInt8(ascii: "\n") {
                if input[position] == UInt8(ascii: ">") {
                    if quote == nil { quote = (output.utf16Offset, openEntities.count) }
                    position += 1
                    continue
                }
                try closeQuote()
            }
            try readNext()
        }
        try closeQuote()
        if let unclosed = openEntities.last {
            throw FormattingError(message: "Can't find end of \(unclosed.kind.name) entity at byte offset \(unclosed.byteOffset)")
        }
        return output.result
    }

    private mutating func readNext() throws(FormattingError) {
        let byte = input[position]
        switch byte {
        case UInt8(ascii: "\\"):
            position += 1
            appendEscaped()
        case UInt8(ascii: "`"):
            if input[position...].starts(with: "```".utf8) { try readPre() } else { try readCode() }
        case UInt8(ascii: "_") where next == UInt8(ascii: "_"): toggle(.underline, markLength: 2)
        case UInt8(ascii: "_"): toggle(.italic, markLength: 1)
        case UInt8(ascii: "*"): toggle(.bold, markLength: 1)
        case UInt8(ascii: "~"): toggle(.strikethrough, markLength: 1)
        case UInt8(ascii: "|") where next == UInt8(ascii: "|"): toggle(.spoiler, markLength: 2)
        case UInt8(ascii: "["):
            openEntities.append(OpenEntity(kind: .textLink, offset: output.utf16Offset, byteOffset: position))
            position += 1
        case UInt8(ascii: "]") where openEntities.last?.kind == .textLink:
            try closeLink()
        case _ where Self.reserved.contains(byte):
            let character = Character(UnicodeScalar(byte))
            throw FormattingError(message: "Character '\(character)' is reserved and must be escaped with the preceding '\\'")
        default:
            output.append(byte)
            position += 1
        }
    }

    private var next: UInt8? {
        position + 1 < input.count ? input[position + 1] : nil
    }

    /// Appends the character after a "\" (at `position`): an ASCII character stands for
    /// itself; before anything else, or at the end, the "\" is kept.
    private mutating func appendEscaped() {
        guard position < input.count, (1...126).contains(input[position]) else {
            output.append(UInt8(ascii: "\\"))
            return
        }
        output.append(input[position])
        position += 1
    }

    /// Closes the innermost entity if it is of `kind`, else opens one.
    private mutating func toggle(_ kind: Kind, markLength: Int) {
        if let innermost = openEntities.last, innermost.kind == kind {
            openEntities.removeLast()
            output.addEntity(kind.entityType, from: innermost.offset)
        } else {
            openEntities.append(OpenEntity(kind: kind, offset: output.utf16Offset, byteOffset: position))
        }
        position += markLength
    }

    /// At "]": the link's text ends; "(url)" may follow, where ")" and "\" are escaped.
    private mutating func closeLink() throws(FormattingError) {
        let link = openEntities.removeLast()
        position += 1
        guard position < input.count, input[position] == UInt8(ascii: "(") else { return }
        position += 1
        let urlStart = position
        var url: [UInt8] = []
        while position < input.count, input[position] != UInt8(ascii: ")") {
            if input[position] == UInt8(ascii: "\\"), position + 1 < input.count { position += 1 }
            url.append(input[position])
            position += 1
        }
        guard position < input.count else { throw FormattingError(message: "Can't find end of a URL at byte offset \(urlStart)") }
        position += 1
        if !url.isEmpty { output.addEntity("text_link", from: link.offset, url: String(decoding: url, as: UTF8.self)) }
    }

    private mutating func readCode() throws(FormattingError) {
        let start = position
        let offset = output.utf16Offset
        position += 1
        guard let content = readVerbatim(until: "`") else {
            throw FormattingError(message: "Can't find end of Code entity at byte offset \(start)")
        }
        output.append(String(decoding: content, as: UTF8.self))
        output.addEntity("code", from: offset)
    }

    /// "```" then an optional language ending at the first white space (a line break
    /// there is dropped), the content, and "```".
    private mutating func readPre() throws(FormattingError) {
        let start = position
        position += 3
        guard var content = readVerbatim(until: "```") else {
            throw FormattingError(message: "Can't find end of Pre entity at byte offset \(start)")
        }
        var language: String?
        if let space = content.firstIndex(where: \.isASCIIWhitespace), space > 0 {
            language = String(decoding: content[..<space], as: UTF8.self)
            let breakLength = content[space...].starts(with: [0x0D, 0x0A]) ? 2 : content[space] == 0x0A ? 1 : 0
            content.removeSubrange(..<(space + breakLength))
        }
        let offset = output.utf16Offset
        output.append(String(decoding: content, as: UTF8.self))
        output.addEntity("pre", from: offset, language: language)
    }

    /// The content up to the unescaped `end`, unescaped, with `position` past `end`;
    /// nil when `end` never comes.
    private mutating func readVerbatim(until end: String) -> [UInt8]? {
        var content: [UInt8] = []
        while position < input.count {
            if input[position...].starts(with: end.utf8) {
                position += end.utf8.count
                return content
            }
            if input[position] == UInt8(ascii: "\\"), position + 1 < input.count, (1...126).contains(input[position + 1]) {
                position += 1
            }
            content.append(input[position])
            position += 1
        }
        return nil
    }

    /// Ends the blockquote being read, if any; the entities opened inside it must be closed.
    private mutating func closeQuote() throws(FormattingError) {
        guard let open = quote else { return }
        if openEntities.count > open.depth, let unclosed = openEntities.last {
            throw FormattingError(message: "Can't find end of \(unclosed.kind.name) entity at byte offset \(unclosed.byteOffset)")
        }
        quote = nil
        output.addEntity("blockquote", from: open.offset)
    }
}
