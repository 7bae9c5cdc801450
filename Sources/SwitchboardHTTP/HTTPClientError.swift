/// Why `HTTPClient` got no response. A response with any status, 4xx and 5xx included,
/// is not an error.
///
/// The description names the server and what went wrong, never the URL's path or
/// query (they may hold tokens), so it can be logged as it is.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for callers that react differently to each.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Sendable, Hashable {
            case timedOut, connectionFailed, invalidURL, invalidRequest, responseTooLarge, cancelled, other
        }

        private let kind: Kind

        /// The request or connection timeout expired.
        public static let timedOut = Code(kind: .timedOut)
        /// No connection could be made (name not resolved, refused, unreachable):
        /// the server never saw the request.
        public static let connectionFailed = Code(kind: .connectionFailed)
        /// The URL is malformed or not http(s).
        public static let invalidURL = Code(kind: .invalidURL)
        /// The method or a header field cannot be sent as given.
        public static let invalidRequest = Code(kind: .invalidRequest)
        /// The response body is larger than the client accepts.
        public static let responseTooLarge = Code(kind: .responseTooLarge)
        /// The calling task was cancelled.
        public static let cancelled = Code(kind: .cancelled)
        /// Anything else libcurl reports (TLS failures, a broken connection, ...).
        public static let other = Code(kind: .other)

        public var description: String {
            switch kind {
            case .timedOut: "timed out"
            case .connectionFailed: "could not connect"
            case .invalidURL: "has an invalid URL"
            case .invalidRequest: "is invalid"
            case .responseTooLarge: "got a response too large"
            case .cancelled: "was cancelled"
            case .other: "failed"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The URL's host, with the port when the URL names one.
    public let server: String
    /// The details: libcurl's message, or the client's own for failures it detects itself.
    public let reason: String

    init(_ code: Code, server: String, reason: String) {
        self.code = code
        self.server = server
        self.reason = reason
    }

    public var description: String {
        "HTTP request to \(server) \(code): \(reason)"
    }
}
