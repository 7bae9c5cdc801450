import CSwitchboardABI

/// A webhook request for the channel, raw body intact.
public struct HostWebhookRequest {
    /// Pass to `ProviderHost.respond(to:with:)`.
    public let id: UInt64
    public let method: String
    /// Below the channel's root, starting with "/".
    public let path: String
    /// The raw query without "?".
    public let query: String
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The value of the first header field called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.firstValue(named: name)
    }
}

extension ProviderHost {
    /// Routes the channel's webhook requests to `handler` until the instance stops
    /// (`switchboard.ingress/1`); answer each with `respond(to:with:)`. [instance-executor]
    public func listenForWebhooks(_ handler: @escaping (HostWebhookRequest) -> Void) throws(HostServiceError) {
        guard let listen = services.ingress?.listen else { throw .unavailable(SB_INGRESS_EXTENSION_ID) }
        let box = WebhookBox(handler: handler)
        var failure = sb_error()
        failure.struct_size = UInt32(MemoryLayout<sb_error>.size)
        let code = listen(hostTable, { userData, request in
            guard let box = callbackBox(userData, as: WebhookBox.self), let request = request?.pointee else { return }
            box.handler(HostWebhookRequest(
                id: request.request_id, method: String(cString: request.method), path: String(cString: request.path),
                query: String(cString: request.query), headers: readHeaderPairs(request.headers, count: request.header_count),
                body: readBytes(request.body, count: request.body_size)
            ))
        }, userData(of: box), &failure)
        guard code == SB_OK else { throw HostServiceError(failure) }
        callbacks.listener = box
    }

    /// Answers a webhook request, once. [instance-executor]
    public func respond(to requestID: UInt64, with response: HostHTTPResponse) throws(HostServiceError) {
        guard let respond = services.ingress?.respond else { throw .unavailable(SB_INGRESS_EXTENSION_ID) }
        try answer(requestID, with: response, using: respond)
    }

    /// Answers a webhook request with a response that stays open: `head` (status, header
    /// fields, and a first piece of body if any) goes out now, the rest through the
    /// returned stream. The host ends open responses when the run ends. [instance-executor]
    public func respondStreaming(to requestID: UInt64, with head: HostHTTPResponse) throws(HostServiceError) -> HostResponseStream {
        guard let ingress = services.ingress, let respondStreaming = ingress.respond_streaming,
              let write = ingress.write_streaming, let finish = ingress.finish_streaming
        else { throw HostServiceError(code: SB_ERR_UNSUPPORTED, message: "the host cannot stream webhook answers") }
        try answer(requestID, with: head, using: respondStreaming)
        return HostResponseStream(host: hostTable, requestID: requestID, write: write, finish: finish)
    }

    private func answer(_ requestID: UInt64, with response: HostHTTPResponse,
                        using respond: (UnsafePointer<sb_host>?, UInt64, UnsafePointer<sb_http_response>?) -> Int32) throws(HostServiceError) {
        let code = withHeaderPairs(response.headers) { pairs, count in
            response.body.withUnsafeBufferPointer { body in
                var raw = sb_http_response()
                raw.struct_size = UInt32(MemoryLayout<sb_http_response>.size)
                raw.status = Int32(clamping: response.status)
                raw.headers = pairs
                raw.header_count = count
                raw.body = body.isEmpty ? nil : body.baseAddress
                raw.body_size = body.count
                return respond(hostTable, requestID, &raw)
            }
        }
        guard code == SB_OK else { throw HostServiceError(code: code, message: "webhook request \(requestID) cannot be answered") }
    }

    /// The URL under which the platform reaches the channel's webhooks, or nil when the
    /// host serves none. [any-thread]
    public var webhookURL: String? {
        guard let publicURL = services.ingress?.public_url else { return nil }
        var length = 0
        guard publicURL(hostTable, nil, 0, &length) == SB_ERR_TOO_LARGE else { return nil }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard publicURL(hostTable, &buffer, buffer.count, &length) == SB_OK else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

private final class WebhookBox {
    let handler: (HostWebhookRequest) -> Void
    init(handler: @escaping (HostWebhookRequest) -> Void) { self.handler = handler }
}

/// A webhook answer still being written (`ProviderHost.respondStreaming`). Use it on the
/// instance's executor, until `finish()`, a failed write, or the end of the run.
public struct HostResponseStream {
    /// The request it answers.
    public let requestID: UInt64
    private let host: UnsafePointer<sb_host>
    private let writeFunction: @convention(c) (UnsafePointer<sb_host>?, UInt64, UnsafePointer<UInt8>?, Int) -> Int32
    private let finishFunction: @convention(c) (UnsafePointer<sb_host>?, UInt64) -> Void

    init(host: UnsafePointer<sb_host>, requestID: UInt64,
         write: @escaping @convention(c) (UnsafePointer<sb_host>?, UInt64, UnsafePointer<UInt8>?, Int) -> Int32,
         finish: @escaping @convention(c) (UnsafePointer<sb_host>?, UInt64) -> Void) {
        self.host = host
        self.requestID = requestID
        writeFunction = write
        finishFunction = finish
    }

    /// Queues the next piece. Throws `SB_ERR_NOT_CONNECTED` when the client has gone and
    /// `SB_ERR_TOO_LARGE` when it read too slowly (the host ended the response); the
    /// stream is over after any error. [instance-executor]
    public func write(_ bytes: [UInt8]) throws(HostServiceError) {
        let code = bytes.withUnsafeBufferPointer { writeFunction(host, requestID, $0.baseAddress, $0.count) }
        guard code == SB_OK else {
            throw HostServiceError(code: code, message: code == SB_ERR_TOO_LARGE ? "the client reads too slowly" : "the client has gone")
        }
    }

    /// Ends the response once what was written has gone out. [instance-executor]
    public func finish() {
        finishFunction(host, requestID)
    }
}
