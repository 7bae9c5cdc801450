/// Why an `HTTPUserMapper` could not map an identity: the directory could not be
/// reached, answered with an unexpected status, or sent a body that names no user.
///
/// The description says which and quotes at most 200 characters of the body, so the
/// host can log it; it names the directory's host, never its URL's path or query.
public struct HTTPUserMapperError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(unreachable error: HTTPClientError) {
        description = "user directory unavailable: \(error)"
    }

    init(server: String, status: Int, body: [UInt8]) {
        description = "user directory at \(server) answered HTTP \(status): \(TextExcerpt.quoted(body))"
    }

    init(server: String, unusableBody body: [UInt8], reason: String) {
        description = "user directory at \(server) answered HTTP 200 with an unusable body (\(reason)): "
            + TextExcerpt.quoted(body)
    }
}
