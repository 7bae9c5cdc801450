/// Reads the header fields of a response from the header lines libcurl hands over.
struct ResponseHeadReader {
    /// The fields of the current head, in received order.
    private(set) var headers: [(name: String, value: String)] = []

    /// Takes one header line, CRLF included; true when it is the blank line that ends
    /// a head. A status line starts a new set of fields: only the last head's fields
    /// are kept (not those of a 100 Continue, say).
    mutating func read(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            headers.append((name: Self.trimmed(line[..<colon]), value: Self.trimmed(line[line.index(after: colon)...])))
        }
        return line == "\r\n" || line == "\n"
    }

    private static func trimmed(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\r" || $0 == "\n" }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
