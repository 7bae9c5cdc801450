/// The answer to an `HTTPRequest` sent with `HTTPClient.stream`: status and header
/// fields as soon as they are in, the body as it arrives.
public struct HTTPStreamingResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields in received order; a name may repeat.
    public var headers: [(name: String, value: String)]
    /// The body in pieces, as the server sends them (no content decoding). Ends with the
    /// body; throws an `HTTPClientError` when the transfer fails (timeout, idle timeout,
    /// broken connection, body over the size limit). Cancelling the task that reads it
    /// aborts the transfer; so does dropping it, once every copy and iterator is gone.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    public init(status: Int, headers: [(name: String, value: String)] = [], body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header field called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.firstValue(named: name)
    }
}
