import Foundation

/// An HTTP client on libcurl: http and https, TLS certificates verified, redirects
/// returned rather than followed.
///
/// This version performs each request on a thread of its own, off Swift's cooperative
/// pool. The host's curl-multi event loop will replace those threads; this API stays.
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
        let settings = settings
        let cancellation = TransferCancellation()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>) in
                Self.startTransferThread {
                    let collector = ResponseCollector()
                    continuation.resume(returning: Result { () throws(HTTPClientError) in
                        try CurlTransfer.perform(request, settings: settings, cancellation: cancellation, receiver: collector)
                        return collector.response
                    })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// Sends `request` and returns the response as soon as its status and header fields
    /// are in, whatever its status; the body follows as it arrives (see
    /// `HTTPStreamingResponse.body`). `request.timeout` bounds the whole exchange, body
    /// included. Cancelling the calling task before the head is in aborts the transfer
    /// and throws `HTTPClientError.Code.cancelled`.
    public func stream(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPStreamingResponse {
        let settings = settings
        let cancellation = TransferCancellation()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (head: ResponseStreamer.HeadContinuation) in
                Self.startTransferThread {
                    let streamer = ResponseStreamer(head: head, cancellation: cancellation)
                    streamer.finish(Result { () throws(HTTPClientError) in
                        try CurlTransfer.perform(request, settings: settings, cancellation: cancellation, receiver: streamer)
                    })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// Runs `transfer` on a new thread.
    private static func startTransferThread(_ transfer: @escaping @Sendable () -> Void) {
        let thread = Thread(block: transfer)
        thread.name = "switchboard-http"
        thread.start()
    }
}
