/// Receives one transfer's response, on the event loop's thread, one call at a time.
///
/// The calls must return quickly and never block: every transfer of the process waits
/// on them. A delegate may start or cancel transfers from inside them.
public protocol HTTPTransferDelegate: AnyObject, Sendable {
    /// The final status and its header fields, in received order. At most once, before
    /// any body.
    func transferDidReceiveHead(status: Int, headers: [(name: String, value: String)])
    /// The next piece of the body, as received (no content decoding); `bytes` is valid
    /// only during the call.
    func transferDidReceiveBody(_ bytes: UnsafeRawBufferPointer)
    /// The end: success once the whole body is in (the head was delivered), or why the
    /// transfer failed. Exactly once, last, unless `HTTPTransfer.cancel()` came first
    /// (then never).
    func transferDidFinish(_ outcome: Result<Void, HTTPClientError>)
}
