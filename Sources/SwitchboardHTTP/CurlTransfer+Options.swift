internal import CCurl

/// Setting a request's options on the easy handle.
extension CurlTransfer {
    func configure(for request: HTTPRequest, settings: TransferSettings) throws(HTTPClientError) {
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
        try check(sb_curl_setopt_offset(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBodySize ?? settings.maxResponseBodySize)))
        try check(sb_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try configureCallbacks()
        let sendsBody = try configureMethodAndBody(of: request)
        try configureHeaders(of: request, sendsBody: sendsBody)
    }

    /// Routes libcurl's header and body callbacks (on the loop's thread) to this transfer.
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

    private func check(_ result: CURLcode) throws(HTTPClientError) {
        guard result == CURLE_OK else { throw failure(.other, result) }
    }
}
