/// Gathers a response's header fields and body as libcurl hands them over, up to a
/// body size limit.
final class ResponseCollector {
    /// The largest body accepted, in bytes.
    let bodyLimit: Int
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var body: [UInt8] = []
    /// Set when the body outgrew `bodyLimit`; the transfer is then aborted.
    private(set) var exceededBodyLimit = false

    init(bodyLimit: Int) {
        self.bodyLimit = bodyLimit
    }

    /// Appends a piece of the body; false (abort the transfer) once it outgrows the limit.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= bodyLimit else {
            exceededBodyLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one header line, CRLF included. A status line starts a new set of fields:
    /// only the final response's fields are kept (not those of a 100 Continue, say).
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            headers.append((name: Self.trimmed(line[..<colon]), value: Self.trimmed(line[line.index(after: colon)...])))
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\r" || $0 == "\n" }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
