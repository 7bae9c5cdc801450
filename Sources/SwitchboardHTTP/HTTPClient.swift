/// An HTTP client on libcurl: http and https, TLS certificates verified, redirects
/// returned rather than followed.
///
/// Every transfer of every client runs on one event loop for the whole process: a
/// thread of its own ("sb-curl-loop", off Swift's cooperative pool) driving a libcurl
/// multi handle, so many concurrent requests (long polls, say) cost no thread each.
///
/// A proxy is the one given to `init`, else the one libcurl reads from the standard
/// environment variables (`http_proxy`, `https_proxy`, `all_proxy`, `no_proxy`, and
/// their upper-case forms except `HTTP_PROXY`).
public final class HTTPClient: Sendable {
    private let settings: TransferSettings

    /// - Parameters:
    ///   - proxy: The proxy URL for every request; "" for none; nil to follow the environment.
    ///   - caBundle: A PEM file of trusted CA certificates; nil for the system's.
    ///   - maxResponseBodySize: The largest response body accepted, in bytes.
    public init(proxy: String? = nil, caBundle: String? = nil, maxResponseBodySize: Int = 16 * 1024 * 1024) {
        CurlLibrary.initialize()
        settings = TransferSettings(proxy: proxy, caBundle: caBundle, maxResponseBodySize: maxResponseBodySize)
    }

    /// Sends `request` and returns the response, whatever its status. Cancelling the
    /// calling task aborts the transfer and throws `HTTPClientError.Code.cancelled`.
    public func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        try await perform(request) { _ in ResponseCollector() }.get()
    }

    /// Sends `request` and returns the response as soon as its status and header fields
    /// are in, whatever its status; the body follows as it arrives (see
    /// `HTTPStreamingResponse.body`). `request.timeout` bounds the whole exchange, body
    /// included. Cancelling the calling task before the head is in aborts the transfer
    /// and throws `HTTPClientError.Code.cancelled`.
    public func stream(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPStreamingResponse {
        try await perform(request, delegate: ResponseStreamer.init).get()
    }

    /// Sends `request` and hands the response to `delegate` on the event loop's thread
    /// as it arrives, without Swift concurrency. An invalid request or URL is reported
    /// through `HTTPTransferDelegate.transferDidFinish(_:)`.
    public func start(_ request: HTTPRequest, delegate: any HTTPTransferDelegate) -> HTTPTransfer {
        let transfer = HTTPTransfer(loop: .shared)
        transfer.start(request, settings: settings, delegate: delegate)
        return transfer
    }

    /// Runs `request` for the delegate `makeDelegate` makes, until the delegate has what
    /// the caller awaits. Cancelling the task cancels the transfer and ends the delegate
    /// with `.cancelled`; a task cancelled already sends nothing.
    ///
    /// The cancellation handler must not wait for the loop's thread, which may be
    /// resuming this very task: the delegate takes a call still under way.
    private func perform<Delegate: AwaitedTransferDelegate>(
        _ request: HTTPRequest, delegate makeDelegate: (HTTPTransfer) -> Delegate
    ) async -> Result<Delegate.Value, HTTPClientError> {
        let transfer = HTTPTransfer(loop: .shared)
        let delegate = makeDelegate(transfer)
        let settings = settings
        return await withTaskCancellationHandler {
            transfer.start(request, settings: settings, delegate: delegate)
            return await delegate.completion.outcome
        } onCancel: {
            transfer.cancelWithoutWaiting()
            delegate.transferDidFinish(.failure(HTTPClientError(.cancelled, server: request.server,
                                                                reason: "the task was cancelled")))
        }
    }
}
