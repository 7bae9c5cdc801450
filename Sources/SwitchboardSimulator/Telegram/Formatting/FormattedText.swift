/// A message text as users see it, with its entities (UTF-16 offsets), sorted as
/// Telegram sorts them: by offset, the longer first.
struct FormattedText: Equatable {
    var text: String
    var entities: [TelegramEntity]

    init(text: String, entities: [TelegramEntity]) {
        self.text = text
        self.entities = entities.sorted { ($0.offset, -$0.length) < ($1.offset, -$1.length) }
    }
}

/// Why formatted text could not be parsed, in Telegram's words, e.g. "Can't find end
/// of Bold entity at byte offset 9"; the API answers "Bad Request: can't parse
/// entities: <message>".
struct FormattingError: Error, Equatable {
    let message: String
}

/// Builds a parser's output: the plain text as UTF-8 bytes, its length in UTF-16 code
/// units (where entities start and end), and the entities found.
struct FormattedTextBuilder {
    private var bytes: [UInt8] = []
    private var entities: [TelegramEntity] = []
    /// The length so far, in UTF-16 code units: the offset of what comes next.
    private(set) var utf16Offset = 0

    /// Appends one byte of UTF-8 text (a scalar's bytes come one after another).
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
        // A scalar is one UTF-16 unit, two when its UTF-8 form has four bytes.
        if byte & 0xC0 != 0x80 { utf16Offset += byte >= 0xF0 ? 2 : 1 }
    }

    mutating func append(_ text: some StringProtocol) {
        for byte in text.utf8 { append(byte) }
    }

    /// Adds an entity from `offset` to here, unless it would be empty.
    mutating func addEntity(_ type: String, from offset: Int, url: String? = nil, language: String? = nil) {
        guard utf16Offset > offset else { return }
        entities.append(TelegramEntity(type: type, offset: offset, length: utf16Offset - offset, url: url, language: language))
    }

    var result: FormattedText {
        FormattedText(text: String(decoding: bytes, as: UTF8.self), entities: entities)
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
    var isASCIILetter: Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self | 0x20) }
    var isASCIIHexDigit: Bool { isASCIIDigit || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self | 0x20) }
    /// Space, tab, line feed or carriage return.
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
