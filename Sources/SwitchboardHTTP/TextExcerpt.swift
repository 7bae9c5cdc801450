/// Short quotes of response bodies and program output for error messages: one line,
/// at most `maxLength` characters, so a log line never carries a whole document.
public enum TextExcerpt {
    /// The most characters quoted.
    public static let maxLength = 200

    /// The start of `bytes` (UTF-8) as one line, quoted, with "…" when cut.
    public static func quoted(_ bytes: [UInt8]) -> String {
        let text = oneLine(bytes.prefix(maxLength * 4))
        let isCut = text.count > maxLength || bytes.count > maxLength * 4
        return isCut ? "\"\(text.prefix(maxLength))…\"" : "\"\(text)\""
    }

    /// `text` as one line, quoted, with "…" when cut.
    public static func quoted(_ text: String) -> String {
        quoted(Array(text.utf8))
    }

    /// The end of `bytes` (UTF-8) as one line, quoted, with "…" in front when cut: for
    /// output such as a program's stderr, whose last lines say most.
    public static func quotedEnd(_ bytes: [UInt8]) -> String {
        // Start at a character boundary: skip UTF-8 continuation bytes.
        let tail = bytes.suffix(maxLength * 4).drop { $0 & 0xC0 == 0x80 }
        let text = oneLine(tail)
        let isCut = text.count > maxLength || tail.count < bytes.count
        return isCut ? "\"…\(text.suffix(maxLength))\"" : "\"\(text)\""
    }

    /// The text of `bytes` with line breaks and other control characters as spaces.
    private static func oneLine(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return String(text.map { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) ? " " : $0 })
    }
}
