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
