internal import CCurl

/// One request on a libcurl easy handle of its own, performed on the calling thread,
/// its response handed to a `ResponseReceiver` as it arrives.
final class CurlTransfer {
    /// The URL's host and port, for error messages.
    private let server: String
    private let easy: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let receiver: any ResponseReceiver
    private let bodyLimit: Int
    private let idleTimeout: Duration?
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private var head = ResponseHeadReader()
    private var hasDeliveredHead = false
    private var bodySize = 0
    /// Set when the body outgrew `bodyLimit`; the transfer is then aborted.
    private var exceededBodyLimit = false
    /// When the server last sent something, for the idle timeout.
    private var lastActivity = ContinuousClock.now

    /// Performs `request` to its end, failure or cancellation, handing the response to
    /// `receiver`; on success it has had the head. Blocks the calling thread.
    static func perform(
        _ request: HTTPRequest, settings: TransferSettings, cancellation: TransferCancellation,
        receiver: any ResponseReceiver
    ) throws(HTTPClientError) {
        guard let url = RequestURL(request.url) else {
            throw HTTPClientError(.invalidURL, server: RequestURL.unparsableServer,
                                  reason: "not an absolute http or https URL")
        }
        if let problem = request.problem {
            throw HTTPClientError(.invalidRequest, server: url.server, reason: problem)
        }
        guard let transfer = CurlTransfer(server: url.server, receiver: receiver, bodyLimit: settings.maxResponseBodySize,
                                          idleTimeout: request.idleTimeout) else {
            throw HTTPClientError(.other, server: url.server, reason: "libcurl could not create a handle")
        }
        try transfer.configure(for: request, settings: settings)
        try transfer.run(cancellation: cancellation)
    }

    private init?(server: String, receiver: any ResponseReceiver, bodyLimit: Int, idleTimeout: Duration?) {
        guard let easy = curl_easy_init() else { return nil }
        self.server = server
        self.easy = easy
        self.receiver = receiver
        self.bodyLimit = bodyLimit
        self.idleTimeout = idleTimeout
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(to: 0)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(requestHeaders)
        errorBuffer.deallocate()
    }

    private func configure(for request: HTTPRequest, settings: TransferSettings) throws(HTTPClientError) {
        try check(sb_curl_setopt_string(easy, CURLOPT_URL, request.url))
        try check(sb_curl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        // Signals cannot be used from threads; timeouts work without them.
        try check(sb_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        try check(sb_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        try check(sb_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
        try check(sb_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
        if let caBundle = settings.caBundle {
            try check(sb_curl_setopt_string(easy, CURLOPT_CAINFO, caBundle))
        }
        if let proxy = settings.proxy {
            try check(sb_curl_setopt_string(easy, CURLOPT_PROXY, proxy))
        }
        try check(sb_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeout.curlMilliseconds))
        try check(sb_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds))
        try check(sb_curl_setopt_offset(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(settings.maxResponseBodySize)))
        try check(sb_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try configureCallbacks()
        let sendsBody = try configureMethodAndBody(of: request)
        try configureHeaders(of: request, sendsBody: sendsBody)
    }

    private func configureCallbacks() throws(HTTPClientError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(sb_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        try check(sb_curl_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        })
        try check(sb_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
        try check(sb_curl_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return length
        })
        // A proxy's answer to CONNECT is not the response.
        try check(sb_curl_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1))
    }

    /// Takes one header line; hands the head over at the blank line ending the final
    /// (not 1xx) one. Later lines (trailers) are dropped.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        lastActivity = .now
        guard !hasDeliveredHead, head.read(bytes) else { return }
        var status = 0
        _ = sb_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        if status >= 200 { deliverHead(status: status) }
    }

    /// Takes a piece of the body; false (abort the transfer) once it outgrows the limit.
    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lastActivity = .now
        bodySize += bytes.count
        guard bodySize <= bodyLimit else {
            exceededBodyLimit = true
            return false
        }
        receiver.receiveBody(bytes)
        return true
    }

    private func deliverHead(status: Int) {
        hasDeliveredHead = true
        receiver.receiveHead(status: status, headers: head.headers)
    }

    /// Sets the method, and the body where one is sent; returns whether one is.
    private func configureMethodAndBody(of request: HTTPRequest) throws(HTTPClientError) -> Bool {
        if request.method == "HEAD" {
            try check(sb_curl_setopt_long(easy, CURLOPT_NOBODY, 1))
            return false
        }
        let sendsBody = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method)
        if sendsBody {
            let easy = easy
            try check(request.body.withUnsafeBytes { sb_curl_set_body(easy, $0.baseAddress, curl_off_t($0.count)) })
        }
        if request.method != (sendsBody ? "POST" : "GET") {
            try check(sb_curl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method))
        }
        return sendsBody
    }

    private func configureHeaders(of request: HTTPRequest, sendsBody: Bool) throws(HTTPClientError) {
        // "Name;" sends an empty value: "Name:" would remove the field instead.
        var lines = request.headers.map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
        // Remove fields libcurl would add on its own: a 1-second wait for
        // "100 Continue" before large bodies, and a form content type.
        if !request.hasHeader("Expect") {
            lines.append("Expect:")
        }
        if sendsBody && !request.hasHeader("Content-Type") {
            lines.append("Content-Type:")
        }
        for line in lines {
            guard let list = curl_slist_append(requestHeaders, line) else {
                throw HTTPClientError(.other, server: server, reason: "out of memory for the header fields")
            }
            requestHeaders = list
        }
        try check(sb_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, requestHeaders))
    }

    /// Runs the transfer on a multi handle of its own, which `cancellation` can wake.
    private func run(cancellation: TransferCancellation) throws(HTTPClientError) {
        guard let multi = curl_multi_init() else {
            throw HTTPClientError(.other, server: server, reason: "libcurl could not create a multi handle")
        }
        defer { curl_multi_cleanup(multi) }
        try check(curl_multi_add_handle(multi, easy))
        defer { curl_multi_remove_handle(multi, easy) }
        guard cancellation.attach(multi) else { throw cancelledError }
        defer { cancellation.detach() }

        lastActivity = .now
        var running: Int32 = 0
        while true {
            try check(curl_multi_perform(multi, &running))
            if running == 0 { break }
            // Returns on socket activity, libcurl's next timeout, or a wakeup from
            // `cancellation`; the 1-second bound only caps an idle wait.
            let wait = try idleTimeRemaining().map { min($0, .seconds(1)) } ?? .seconds(1)
            try check(curl_multi_poll(multi, nil, 0, Int32(wait.curlMilliseconds), nil))
            if cancellation.isCancelled { throw cancelledError }
        }
        var queued: Int32 = 0
        guard let message = curl_multi_info_read(multi, &queued), message.pointee.msg == CURLMSG_DONE else {
            throw HTTPClientError(.other, server: server, reason: "libcurl ended the transfer without a result")
        }
        try finish(with: message.pointee.data.result)
    }

    /// How long the server may still send nothing; throws when the idle timeout has passed.
    private func idleTimeRemaining() throws(HTTPClientError) -> Duration? {
        guard let idleTimeout else { return nil }
        let remaining = idleTimeout - (ContinuousClock.now - lastActivity)
        guard remaining > .zero else {
            throw HTTPClientError(.timedOut, server: server,
                                  reason: "the server sent nothing for \(idleTimeout.curlMilliseconds) ms")
        }
        return remaining
    }

    /// Ends a finished transfer: makes sure the receiver has had the head, or throws
    /// the error the result code stands for.
    private func finish(with result: CURLcode) throws(HTTPClientError) {
        switch result {
        case CURLE_OK:
            if !hasDeliveredHead {
                var status = 0
                try check(sb_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status))
                deliverHead(status: status)
            }
        case CURLE_OPERATION_TIMEDOUT:
            throw failure(.timedOut, result)
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            throw failure(.connectionFailed, result)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            throw failure(.invalidURL, result)
        case CURLE_FILESIZE_EXCEEDED:
            throw tooLargeError
        case CURLE_WRITE_ERROR where exceededBodyLimit:
            throw tooLargeError
        default:
            throw failure(.other, result)
        }
    }

    private var tooLargeError: HTTPClientError {
        HTTPClientError(.responseTooLarge, server: server,
                        reason: "the body exceeds the limit of \(bodyLimit) bytes")
    }

    private var cancelledError: HTTPClientError {
        HTTPClientError(.cancelled, server: server, reason: "the task was cancelled")
    }

    /// An error with libcurl's message for `result`: the detailed one when there is one.
    private func failure(_ code: HTTPClientError.Code, _ result: CURLcode) -> HTTPClientError {
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        return HTTPClientError(code, server: server, reason: "\(reason) (curl error \(result.rawValue))")
    }

    private func check(_ result: CURLcode) throws(HTTPClientError) {
        guard result == CURLE_OK else { throw failure(.other, result) }
    }

    private func check(_ result: CURLMcode) throws(HTTPClientError) {
        guard result == CURLM_OK else {
            throw HTTPClientError(.other, server: server, reason: String(cString: curl_multi_strerror(result)))
        }
    }
}
