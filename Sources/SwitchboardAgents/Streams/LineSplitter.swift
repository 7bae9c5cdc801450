/// Cuts a byte stream into lines as it arrives, in pieces split anywhere: a line ends
/// at LF, CRLF or CR (a CRLF split between two pieces still counts once). Lines are
/// cut as bytes, so a UTF-8 sequence split between pieces is whole in its line.
struct LineSplitter {
    private static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    private var partial: [UInt8] = []
    private var lastWasCarriageReturn = false

    /// The lines that `bytes` completes, without their line ends.
    mutating func lines(in bytes: some Sequence<UInt8>) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            defer { lastWasCarriageReturn = byte == Self.carriageReturn }
            if byte == Self.lineFeed, lastWasCarriageReturn { continue }
            if byte == Self.lineFeed || byte == Self.carriageReturn {
                lines.append(partial)
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
            }
        }
        return lines
    }

    /// What follows the last line end, at the end of the stream: a last line with no
    /// line end, or nil.
    mutating func remainder() -> [UInt8]? {
        defer { partial = [] }
        return partial.isEmpty ? nil : partial
    }
}
