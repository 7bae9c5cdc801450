internal import CCurl

/// One request on a libcurl easy handle of its own, performed on the calling thread.
final class CurlTransfer {
    /// The URL's host and port, for error messages.
    private let server: String
    private let easy: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let collector: ResponseCollector
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?

    /// Performs `request` to its end, failure or cancellation. Blocks the calling thread.
    static func perform(
        _ request: HTTPRequest, settings: TransferSettings, cancellation: TransferCancellation
    ) throws(HTTPClientError) -> HTTPResponse {
        guard let url = RequestURL(request.url) else {
            throw HTTPClientError(.invalidURL, server: RequestURL.unparsableServer,
                                  reason: "not an absolute http or https URL")
        }
        if let problem = request.problem {
            throw HTTPClientError(.invalidRequest, server: url.server, reason: problem)
        }
        guard let transfer = CurlTransfer(server: url.server, bodyLimit: settings.maxResponseBodySize) else {
            throw HTTPClientError(.other, server: url.server, reason: "libcurl could not create a handle")
        }
        try transfer.configure(for: request, settings: settings)
        return try transfer.run(cancellation: cancellation)
    }

    private init?(server: String, bodyLimit: Int) {
        guard let easy = curl_easy_init() else { return nil }
        self.server = server
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(to: 0)
        collector = ResponseCollector(bodyLimit: bodyLimit)
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
        let context = Unmanaged.passUnretained(collector).toOpaque()
        try check(sb_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        try check(sb_curl_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            return collector.appendBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        })
        try check(sb_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
        try check(sb_curl_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            collector.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return length
        })
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
    private func run(cancellation: TransferCancellation) throws(HTTPClientError) -> HTTPResponse {
        guard let multi = curl_multi_init() else {
            throw HTTPClientError(.other, server: server, reason: "libcurl could not create a multi handle")
        }
        defer { curl_multi_cleanup(multi) }
        try check(curl_multi_add_handle(multi, easy))
        defer { curl_multi_remove_handle(multi, easy) }
        guard cancellation.attach(multi) else { throw cancelledError }
        defer { cancellation.detach() }

        var running: Int32 = 0
        while true {
            try check(curl_multi_perform(multi, &running))
            if running == 0 { break }
            // Returns on socket activity, libcurl's next timeout, or a wakeup from
            // `cancellation`; the 1-second bound only caps an idle wait.
            try check(curl_multi_poll(multi, nil, 0, 1000, nil))
            if cancellation.isCancelled { throw cancelledError }
        }
        var queued: Int32 = 0
        guard let message = curl_multi_info_read(multi, &queued), message.pointee.msg == CURLMSG_DONE else {
            throw HTTPClientError(.other, server: server, reason: "libcurl ended the transfer without a result")
        }
        return try response(for: message.pointee.data.result)
    }

    /// The response of a finished transfer, or the error its result code stands for.
    private func response(for result: CURLcode) throws(HTTPClientError) -> HTTPResponse {
        switch result {
        case CURLE_OK:
            var status = 0
            try check(sb_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status))
            return HTTPResponse(status: status, headers: collector.headers, body: collector.body)
        case CURLE_OPERATION_TIMEDOUT:
            throw failure(.timedOut, result)
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            throw failure(.connectionFailed, result)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            throw failure(.invalidURL, result)
        case CURLE_FILESIZE_EXCEEDED:
            throw tooLargeError
        case CURLE_WRITE_ERROR where collector.exceededBodyLimit:
            throw tooLargeError
        default:
            throw failure(.other, result)
        }
    }

    private var tooLargeError: HTTPClientError {
        HTTPClientError(.responseTooLarge, server: server,
                        reason: "the body exceeds the limit of \(collector.bodyLimit) bytes")
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
