/// Telegram's `parse_mode` HTML: the tags b/strong, i/em, u/ins, s/strike/del, code,
/// pre (with `<code class="language-x">` for its language), a href, tg-spoiler,
/// span class="tg-spoiler" and blockquote (expandable); the character references
/// &lt; &gt; &amp; &quot; and numeric ones (&#NN; &#xHH;). Other references stay as
/// written; an unknown tag or unbalanced tags are errors, worded as Telegram's.
struct HTMLFormatParser {
    private struct OpenTag {
        let name: String
        /// The entity the tag makes; nil for a tag that makes none (an `a` without href).
        let entityType: String?
        /// Where its content starts, in UTF-16 code units of the output.
        let offset: Int
        var url: String?
        var language: String?
    }

    private static let entityTypes: [String: String] = [
        "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
        "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
        "span": "spoiler", "code": "code", "pre": "pre", "a": "text_link", "blockquote": "blockquote",
    ]
    private static let namedReferences: [String: String] = ["lt": "<", "gt": ">", "amp": "&", "quot": "\""]

    private let input: [UInt8]
    private var position = 0
    private var output = FormattedTextBuilder()
    private var openTags: [OpenTag] = []

    private init(_ text: String) {
        input = Array(text.utf8)
    }

    /// `text`'s plain text and entities.
    static func parse(_ text: String) throws(FormattingError) -> FormattedText {
        var parser = HTMLFormatParser(text)
        return try parser.run()
    }

    private mutating func run() throws(FormattingError) -> FormattedText {
        while position < input.count {
            switch input[position] {
            case UInt8(ascii: "<") where byte(at: position + 1) == UInt8(ascii: "/"): try readEndTag()
            case UInt8(ascii: "<"): try readStartTag()
            case UInt8(ascii: "&"): readCharacterReference()
            default:
                output.append(input[position])
                position += 1
            }
        }
        if let unclosed = openTags.last {
            throw FormattingError(message: "Can't find end tag corresponding to start tag \"\(unclosed.name)\"")
        }
        return output.result
    }

    private mutating func readStartTag() throws(FormattingError) {
        let tagStart = position
        position += 1
        let name = readName()
        guard position < input.count else { throw FormattingError(message: "Unclosed start tag at byte offset \(tagStart)") }
        guard let entityType = Self.entityTypes[name] else {
            throw FormattingError(message: "Unsupported start tag \"\(name)\" at byte offset \(tagStart)")
        }
        let attributes = try readAttributes(of: name, tagStart: tagStart)
        var tag = OpenTag(name: name, entityType: entityType, offset: output.utf16Offset)
        switch name {
        case "a":
            tag = OpenTag(name: name, entityType: attributes["href"].map { _ in entityType }, offset: tag.offset, url: attributes["href"])
        case "span" where attributes["class"] != "tg-spoiler":
            throw FormattingError(message: "Tag \"span\" must have class \"tg-spoiler\" at byte offset \(tagStart)")
        case "code":
            tag.language = attributes["class"].flatMap { $0.hasPrefix("language-") ? String($0.dropFirst(9)) : nil }
        case "blockquote" where attributes["expandable"] != nil:
            tag = OpenTag(name: name, entityType: "expandable_blockquote", offset: tag.offset)
        default:
            break
        }
        openTags.append(tag)
    }

    /// Reads the attributes up to and including the tag's closing ">".
    private mutating func readAttributes(of tag: String, tagStart: Int) throws(FormattingError) -> [String: String] {
        var attributes: [String: String] = [:]
        while true {
            skipWhitespace()
            guard position < input.count else {
                throw FormattingError(message: "Unclosed start tag \"\(tag)\" at byte offset \(tagStart)")
            }
            if input[position] == UInt8(ascii: ">") {
                position += 1
                return attributes
            }
            let attribute = readName()
            guard !attribute.isEmpty else {
                throw FormattingError(message: "Empty attribute name in the tag \"\(tag)\" at byte offset \(tagStart)")
            }
            skipWhitespace()
            guard byte(at: position) == UInt8(ascii: "=") else {
                attributes[attribute] = ""
                continue
            }
            position += 1
            skipWhitespace()
            attributes[attribute] = try readAttributeValue(tagStart: tagStart)
        }
    }

    private mutating func readAttributeValue(tagStart: Int) throws(FormattingError) -> String {
        guard let quote = byte(at: position), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            let start = position
            while let byte = byte(at: position), byte > 0x20, byte != UInt8(ascii: ">") { position += 1 }
            return String(decoding: input[start..<position], as: UTF8.self)
        }
        guard let end = input[(position + 1)...].firstIndex(of: quote) else {
            throw FormattingError(message: "Unclosed start tag at byte offset \(tagStart)")
        }
        let value = String(decoding: input[(position + 1)..<end], as: UTF8.self)
        position = end + 1
        return Self.decodingReferences(in: value)
    }

    private mutating func readEndTag() throws(FormattingError) {
        let tagStart = position
        guard let innermost = openTags.popLast() else {
            throw FormattingError(message: "Unexpected end tag at byte offset \(tagStart)")
        }
        position += 2
        let name = readName()
        skipWhitespace()
        guard byte(at: position) == UInt8(ascii: ">") else {
            throw FormattingError(message: "Unclosed end tag at byte offset \(tagStart)")
        }
        position += 1
        guard name.isEmpty || name == innermost.name else {
            throw FormattingError(
                message: "Unmatched end tag at byte offset \(tagStart), expected \"</\(innermost.name)>\", found \"</\(name)>\""
            )
        }
        close(innermost)
    }

    /// Adds the entity `tag` makes; a `code` with a language right inside a `pre` gives
    /// the `pre` its language instead.
    private mutating func close(_ tag: OpenTag) {
        if tag.name == "code", let language = tag.language, openTags.last?.name == "pre" {
            openTags[openTags.count - 1].language = language
            return
        }
        guard let type = tag.entityType else { return }
        output.addEntity(type, from: tag.offset, url: tag.url, language: tag.name == "pre" ? tag.language : nil)
    }

    private mutating func readCharacterReference() {
        let (replacement, length) = Self.characterReference(in: input[position...])
        if let replacement {
            output.append(replacement)
        } else {
            output.append(UInt8(ascii: "&"))
        }
        position += length
    }

    /// The character a reference at the start of `bytes` stands for and how many bytes
    /// it takes; (nil, 1) when it is no reference Telegram knows.
    private static func characterReference(in bytes: ArraySlice<UInt8>) -> (String?, Int) {
        var index = bytes.startIndex + 1
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "#") {
            index += 1
            let hexadecimal = index < bytes.endIndex && (bytes[index] | 0x20) == UInt8(ascii: "x")
            if hexadecimal { index += 1 }
            let digitsStart = index
            while index < bytes.endIndex, hexadecimal ? bytes[index].isASCIIHexDigit : bytes[index].isASCIIDigit {
                index += 1
            }
            let value = UInt32(String(decoding: bytes[digitsStart..<index], as: UTF8.self), radix: hexadecimal ? 16 : 10)
            guard let scalar = value.flatMap(Unicode.Scalar.init) else { return (nil, 1) }
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: ";") { index += 1 }
            return (String(Character(scalar)), index - bytes.startIndex)
        }
        let nameStart = index
        while index < bytes.endIndex, bytes[index].isASCIILetter { index += 1 }
        guard let replacement = namedReferences[String(decoding: bytes[nameStart..<index], as: UTF8.self)] else {
            return (nil, 1)
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ";") { index += 1 }
        return (replacement, index - bytes.startIndex)
    }

    /// `value` with its character references replaced.
    private static func decodingReferences(in value: String) -> String {
        let bytes = Array(value.utf8)
        var result = ""
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&") {
                let (replacement, length) = characterReference(in: bytes[index...])
                result += replacement ?? "&"
                index += length
            } else {
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "&") { index += 1 }
                result += String(decoding: bytes[start..<index], as: UTF8.self)
            }
        }
        return result
    }

    /// A tag or attribute name, lower-cased: letters, digits and "-".
    private mutating func readName() -> String {
        let start = position
        while let byte = byte(at: position), byte.isASCIILetter || byte.isASCIIDigit || byte == UInt8(ascii: "-") {
            position += 1
        }
        return String(decoding: input[start..<position], as: UTF8.self).lowercased()
    }

    private mutating func skipWhitespace() {
        while let byte = byte(at: position), byte.isASCIIWhitespace { position += 1 }
    }

    private func byte(at index: Int) -> UInt8? {
        index < input.count ? input[index] : nil
    }
}
