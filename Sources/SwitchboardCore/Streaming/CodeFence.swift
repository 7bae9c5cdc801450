/// The opening line of a Markdown fenced code block, e.g. "```swift" or "~~~~".
/// Follows CommonMark: at most three spaces of indentation, then three or more
/// backticks or tildes; a backtick fence's info string holds no backtick.
struct CodeFence {
    /// The opening line as written, without its line break.
    let openingLine: String
    private let marker: Character
    private let markerCount: Int
    private let indentation: Int

    init?(openingLine line: Substring) {
        guard let parts = Self.parts(of: line), parts.marker == "~" || !parts.rest.contains("`") else { return nil }
        openingLine = String(line)
        marker = parts.marker
        markerCount = parts.markerCount
        indentation = parts.indentation
    }

    /// Whether `line` (without its line break) closes this block.
    func isClosed(by line: Substring) -> Bool {
        guard let parts = Self.parts(of: line) else { return false }
        return parts.marker == marker && parts.markerCount >= markerCount
            && parts.rest.allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// Reopens the block at the start of a later message.
    var reopener: String { openingLine + "\n" }

    /// Closes the block; must start a line.
    var closer: String {
        String(repeating: " ", count: indentation) + String(repeating: marker, count: markerCount)
    }

    /// Whether `byte` is a character fences are made of.
    static func isMarker(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~") }

    private static func parts(of line: Substring)
        -> (indentation: Int, marker: Character, markerCount: Int, rest: Substring)?
    {
        let indentation = line.prefix(4).prefix(while: { $0 == " " }).count
        let fence = line.dropFirst(indentation)
        guard indentation <= 3, let marker = fence.first, let byte = marker.asciiValue, isMarker(byte) else { return nil }
        let markerCount = fence.prefix(while: { $0 == marker }).count
        guard markerCount >= 3 else { return nil }
        return (indentation, marker, markerCount, fence.dropFirst(markerCount))
    }
}
