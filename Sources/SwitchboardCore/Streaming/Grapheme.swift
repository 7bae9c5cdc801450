/// What breaking needs to know of one grapheme; quick for a single ASCII byte.
struct Grapheme {
    /// The byte, when the grapheme is a single ASCII byte.
    let ascii: UInt8?
    let length: Int
    /// A line break as Markdown knows it: "\n", "\r\n" or "\r".
    let isLineBreak: Bool
    let isWhitespace: Bool
    /// Whitespace that may separate words: no-break spaces don't.
    let isBreakableSpace: Bool

    init(_ character: Character, unit: LengthUnit) {
        if character.utf8.count == 1, let byte = character.utf8.first {
            ascii = byte
            length = 1
            isLineBreak = byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            isWhitespace = byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte)
            isBreakableSpace = isWhitespace
        } else {
            ascii = nil
            length = unit.length(of: character)
            isLineBreak = character == "\r\n"
            isWhitespace = character.isWhitespace
            isBreakableSpace = isWhitespace && !["\u{A0}", "\u{2007}", "\u{202F}"].contains(character)
        }
    }
}
