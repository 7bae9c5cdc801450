import CSwitchboardABI

/// An HTTP request for `ProviderHost.send(_:)`.
public struct HostHTTPRequest {
    public var method: String
    /// An absolute http or https URL.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The whole exchange; nil for the host's default (30 s).
    public var timeout: Duration?
    /// Fail when the server sends nothing this long; nil for no such limit.
    public var idleTimeout: Duration?
    /// The largest body accepted; nil for the host's default (16 MiB).
    public var maxResponseSize: Int?

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                timeout: Duration? = nil, idleTimeout: Duration? = nil, maxResponseSize: Int? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.idleTimeout = idleTimeout
        self.maxResponseSize = maxResponseSize
    }
}

/// An HTTP response, or a webhook answer.
public struct HostHTTPResponse {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header field called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.firstValue(named: name)
    }

    init(_ raw: sb_http_response) {
        self.init(status: Int(raw.status), headers: readHeaderPairs(raw.headers, count: raw.header_count),
                  body: readBytes(raw.body, count: raw.body_size))
    }
}

extension ProviderHost {
    /// Sends `request` through the host (`switchboard.http/1`). `completion` gets the
    /// response, whatever its status, or the failure; on the instance's executor, once,
    /// unless the request is cancelled. With `onBody` the body is streamed to it instead
    /// of collected. Returns the request's id. [instance-executor]
    public func send(_ request: HostHTTPRequest, onHead: ((HostHTTPResponse) -> Void)? = nil,
                     onBody: (([UInt8]) -> Void)? = nil,
                     completion: @escaping (Result<HostHTTPResponse, HostServiceError>) -> Void) throws(HostServiceError) -> UInt64 {
        guard let start = services.http?.request else { throw .unavailable(SB_HTTP_EXTENSION_ID) }
        let box = HTTPBox(onHead: onHead, onBody: onBody, completion: completion, callbacks: callbacks)
        var handler = sb_http_handler()
        handler.struct_size = UInt32(MemoryLayout<sb_http_handler>.size)
        if onHead != nil {
            handler.on_head = { userData, head in
                guard let box = callbackBox(userData, as: HTTPBox.self), let head else { return }
                box.onHead?(HostHTTPResponse(head.pointee))
            }
        }
        if onBody != nil {
            handler.on_body = { userData, bytes, size in
                callbackBox(userData, as: HTTPBox.self)?.onBody?(readBytes(bytes, count: size))
            }
        }
        handler.on_complete = { userData, response, error in
            guard let box = callbackBox(userData, as: HTTPBox.self) else { return }
            box.release()
            if let response {
                box.completion(.success(HostHTTPResponse(response.pointee)))
            } else {
                box.completion(.failure(error.map { HostServiceError($0.pointee) } ?? HostServiceError(code: SB_ERR_INTERNAL, message: "no response")))
            }
        }
        var failure = sb_error()
        failure.struct_size = UInt32(MemoryLayout<sb_error>.size)
        let id = withHeaderPairs(request.headers) { pairs, count in
            request.body.withUnsafeBufferPointer { body in
                request.method.withCString { method in
                    request.url.withCString { url in
                        var raw = sb_http_request()
                        raw.struct_size = UInt32(MemoryLayout<sb_http_request>.size)
                        raw.method = method
                        raw.url = url
                        raw.headers = pairs
                        raw.header_count = count
                        raw.body = body.isEmpty ? nil : body.baseAddress
                        raw.body_size = body.count
                        raw.timeout_ms = UInt32(clamping: request.timeout?.wholeMilliseconds ?? 0)
                        raw.idle_timeout_ms = UInt32(clamping: request.idleTimeout?.wholeMilliseconds ?? 0)
                        raw.max_response_size = UInt64(clamping: request.maxResponseSize ?? 0)
                        return start(hostTable, &raw, &handler, userData(of: box), &failure)
                    }
                }
            }
        }
        guard id != 0 else { throw HostServiceError(failure) }
        box.keep(as: id)
        return id
    }

    /// Aborts a request: its closures are not called once this returns. [instance-executor]
    public func cancelHTTPRequest(_ id: UInt64) {
        services.http?.cancel?(hostTable, id)
        callbacks.drop(id)
    }
}

private final class HTTPBox: ServiceCallbackBox {
    let onHead: ((HostHTTPResponse) -> Void)?
    let onBody: (([UInt8]) -> Void)?
    let completion: (Result<HostHTTPResponse, HostServiceError>) -> Void

    init(onHead: ((HostHTTPResponse) -> Void)?, onBody: (([UInt8]) -> Void)?,
         completion: @escaping (Result<HostHTTPResponse, HostServiceError>) -> Void, callbacks: ServiceCallbacks) {
        self.onHead = onHead
        self.onBody = onBody
        self.completion = completion
        super.init(callbacks: callbacks)
    }
}
