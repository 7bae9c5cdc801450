internal import CCurl

/// One request on a libcurl easy handle of its own. Made and configured on the thread
/// that starts it, then handed to the event loop, whose thread alone drives it and hands
/// its response to `delivery` as it arrives.
final class CurlTransfer: @unchecked Sendable {
    /// The easy handle, for the loop's multi handle.
    let easy: UnsafeMutableRawPointer
    /// Where the response goes; it also tells whether the transfer was cancelled.
    let delivery: TransferDelivery
    /// The URL's host and port, for error messages.
    let server: String
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// The request's header fields, kept for libcurl until the transfer is over.
    var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private let bodyLimit: Int
    private let idleTimeout: Duration?
    private var head = ResponseHeadReader()
    private var hasDeliveredHead = false
    private var bodySize = 0
    /// Set when the body outgrew `bodyLimit`; the transfer is then aborted.
    private var exceededBodyLimit = false
    /// When the server last sent something, for the idle timeout.
    private var lastActivity = ContinuousClock.now

    /// A transfer of `request`, ready to run; throws when the request or its URL is invalid.
    init(_ request: HTTPRequest, settings: TransferSettings, delivery: TransferDelivery) throws(HTTPClientError) {
        guard let url = RequestURL(request.url) else {
            throw HTTPClientError(.invalidURL, server: RequestURL.unparsableServer,
                                  reason: "not an absolute http or https URL")
        }
        if let problem = request.problem {
            throw HTTPClientError(.invalidRequest, server: url.server, reason: problem)
        }
        guard let easy = curl_easy_init() else {
            throw HTTPClientError(.other, server: url.server, reason: "libcurl could not create a handle")
        }
        self.easy = easy
        self.delivery = delivery
        server = url.server
        bodyLimit = request.maxResponseBodySize ?? settings.maxResponseBodySize
        idleTimeout = request.idleTimeout
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(to: 0)
        try configure(for: request, settings: settings)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(requestHeaders)
        errorBuffer.deallocate()
    }

    /// When the transfer fails unless the server sends something first; nil without an
    /// idle timeout.
    var idleDeadline: ContinuousClock.Instant? {
        idleTimeout.map { lastActivity + $0 }
    }

    /// Takes one header line; hands the head over at the blank line ending the final
    /// (not 1xx) one. Later lines (trailers) are dropped.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        lastActivity = .now
        guard !hasDeliveredHead, head.read(bytes) else { return }
        var status = 0
        _ = sb_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        if status >= 200 { deliverHead(status: status) }
    }

    /// Takes a piece of the body; false (abort the transfer) once it outgrows the limit,
    /// or once the transfer is cancelled.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = .now
        bodySize += bytes.count
        guard bodySize <= bodyLimit else {
            exceededBodyLimit = true
            return false
        }
        return delivery.deliver { $0.transferDidReceiveBody(bytes) }
    }

    private func deliverHead(status: Int) {
        hasDeliveredHead = true
        let headers = head.headers
        delivery.deliver { $0.transferDidReceiveHead(status: status, headers: headers) }
    }

    /// Ends the transfer with libcurl's `result` for it: makes sure a successful one
    /// has delivered the head, then delivers the outcome.
    func finish(with result: CURLcode) {
        delivery.finish(outcome(of: result))
    }

    /// Ends the transfer as timed out: the server sent nothing for the idle timeout.
    func finishIdle() {
        let milliseconds = idleTimeout?.curlMilliseconds ?? 0
        delivery.finish(.failure(HTTPClientError(.timedOut, server: server,
                                                 reason: "the server sent nothing for \(milliseconds) ms")))
    }

    /// Ends the transfer with `reason`, for failures of the loop rather than of this transfer.
    func finish(failingWith reason: String) {
        delivery.finish(.failure(HTTPClientError(.other, server: server, reason: reason)))
    }

    private func outcome(of result: CURLcode) -> Result<Void, HTTPClientError> {
        switch result {
        case CURLE_OK:
            if !hasDeliveredHead {
                var status = 0
                let info = sb_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
                guard info == CURLE_OK else { return .failure(failure(.other, info)) }
                deliverHead(status: status)
            }
            return .success(())
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(failure(.timedOut, result))
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return .failure(failure(.connectionFailed, result))
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .failure(failure(.invalidURL, result))
        case CURLE_FILESIZE_EXCEEDED:
            return .failure(tooLargeError)
        case CURLE_WRITE_ERROR where exceededBodyLimit:
            return .failure(tooLargeError)
        default:
            return .failure(failure(.other, result))
        }
    }

    private var tooLargeError: HTTPClientError {
        HTTPClientError(.responseTooLarge, server: server,
                        reason: "the body exceeds the limit of \(bodyLimit) bytes")
    }

    /// An error with libcurl's message for `result`: the detailed one when there is one.
    func failure(_ code: HTTPClientError.Code, _ result: CURLcode) -> HTTPClientError {
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        return HTTPClientError(code, server: server, reason: "\(reason) (curl error \(result.rawValue))")
    }
}
