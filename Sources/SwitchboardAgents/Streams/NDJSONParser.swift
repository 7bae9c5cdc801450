/// Cuts a newline-delimited JSON stream into its lines as it arrives, in pieces split
/// anywhere. Blank lines are skipped; a line may end in LF or CRLF. The lines are not
/// decoded: that is up to the reader, who knows what they hold.
public struct NDJSONParser {
    private var lines = LineSplitter()

    public init() {}

    /// The lines that `bytes` completes, in order.
    public mutating func parse(_ bytes: some Sequence<UInt8>) -> [String] {
        lines.lines(in: bytes).compactMap(Self.text(of:))
    }

    /// The last line, when the stream ends without a line end after it.
    public mutating func finish() -> String? {
        lines.remainder().flatMap(Self.text(of:))
    }

    private static func text(of line: [UInt8]) -> String? {
        let text = String(decoding: line, as: UTF8.self)
        return text.allSatisfy(\.isWhitespace) ? nil : text
    }
}
