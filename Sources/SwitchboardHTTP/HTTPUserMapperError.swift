/// Why an `HTTPUserMapper` could not map an identity: the directory could not be
/// reached, answered with an unexpected status, or sent a body that names no user.
///
/// The description says which and quotes at most 200 characters of the body, so the
/// host can log it; it names the directory's host, never its URL's path or query.
public struct HTTPUserMapperError: Error, Sendable, CustomStringConvertible {
    /// The longest excerpt of a response body quoted in a description.
    static let excerptLength = 200

    public let description: String

    init(unreachable error: HTTPClientError) {
        description = "user directory unavailable: \(error)"
    }

    init(server: String, status: Int, body: [UInt8]) {
        description = "user directory at \(server) answered HTTP \(status): \(Self.excerpt(of: body))"
    }

    init(server: String, unusableBody body: [UInt8], reason: String) {
        description = "user directory at \(server) answered HTTP 200 with an unusable body (\(reason)): \(Self.excerpt(of: body))"
    }

    /// The start of `body` as one line of text, quoted, with "…" when cut.
    static func excerpt(of body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(excerptLength * 4), as: UTF8.self)
        let line = String(text.map { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) ? " " : $0 })
        let isCut = line.count > excerptLength || body.count > excerptLength * 4
        return isCut ? "\"\(line.prefix(excerptLength))…\"" : "\"\(line)\""
    }
}
