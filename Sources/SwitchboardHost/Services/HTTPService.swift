import CSwitchboardABI
import Dispatch
import Synchronization
import SwitchboardHTTP

/// One request of `switchboard.http/1`: takes the response from the libcurl event loop
/// and hands it to the plugin on the instance's executor.
final class PluginHTTPRequest: RunResource, HTTPTransferDelegate, @unchecked Sendable {
    private let id: UInt64
    private let handler: sb_http_handler
    private let userData: UnsafeMutableRawPointer?
    private let queue: DispatchQueue
    private weak var resources: RunResources?
    private let transfer = Mutex<HTTPTransfer?>(nil)
    // Touched only on the executor.
    private var head: (status: Int, headers: [(name: String, value: String)]) = (0, [])
    private var body: [UInt8] = []

    init(id: UInt64, handler: sb_http_handler, userData: UnsafeMutableRawPointer?, queue: DispatchQueue, resources: RunResources) {
        self.id = id
        self.handler = handler
        self.userData = userData
        self.queue = queue
        self.resources = resources
    }

    /// Starts the transfer on `client`. [instance-executor]
    func start(_ request: HTTPRequest, on client: HTTPClient) {
        let started = client.start(request, delegate: self)
        transfer.withLock { $0 = started }
    }

    func cancel() {
        transfer.withLock { $0 }?.cancel()
    }

    func transferDidReceiveHead(status: Int, headers: [(name: String, value: String)]) {
        resources?.whileLive(id, on: queue) { [self] in
            head = (status, headers)
            guard let onHead = handler.on_head else { return }
            withResponse(body: []) { onHead(userData, $0) }
        }
    }

    func transferDidReceiveBody(_ bytes: UnsafeRawBufferPointer) {
        let piece = Array(bytes)
        resources?.whileLive(id, on: queue) { [self] in
            guard let onBody = handler.on_body else {
                body.append(contentsOf: piece)
                return
            }
            piece.withUnsafeBufferPointer { onBody(userData, $0.baseAddress, $0.count) }
        }
    }

    func transferDidFinish(_ outcome: Result<Void, HTTPClientError>) {
        queue.async { [self] in
            guard resources?.remove(id, as: PluginHTTPRequest.self) != nil, let onComplete = handler.on_complete else { return }
            switch outcome {
            case .success:
                withResponse(body: body) { onComplete(userData, $0, nil) }
            case let .failure(failure):
                var error = ABIStruct.sized(sb_error.self)
                CText.fill(&error, code: failure.abiCode, message: failure.description)
                onComplete(userData, nil, &error)
            }
        }
    }

    /// Calls `body` with the response so far laid out as an `sb_http_response`.
    private func withResponse(body bytes: [UInt8], _ call: (UnsafePointer<sb_http_response>) -> Void) {
        CHeaderArray(head.headers).withPairs { pairs, count in
            bytes.withUnsafeBufferPointer { buffer in
                var response = ABIStruct.sized(sb_http_response.self)
                response.status = Int32(clamping: head.status)
                response.headers = pairs
                response.header_count = count
                response.body = buffer.isEmpty ? nil : buffer.baseAddress
                response.body_size = buffer.count
                call(&response)
            }
        }
    }
}

extension HTTPClientError {
    /// The `SB_ERR_*` code a plugin sees for this failure.
    var abiCode: Int32 {
        switch code {
        case .responseTooLarge: SB_ERR_TOO_LARGE
        case .invalidURL, .invalidRequest: SB_ERR_INVALID_ARGUMENT
        default: SB_ERR_TRANSIENT
        }
    }
}

/// Reads a plugin's `sb_http_request`; the failure says what is wrong.
private func readRequest(_ pointer: UnsafePointer<sb_http_request>?) -> Result<HTTPRequest, ServiceArgumentError> {
    guard let pointer,
          let raw = try? ABIStruct.copy(sb_http_request.self, from: pointer, requiredSize: ABIStruct.end(of: \sb_http_request.max_response_size))
    else { return .failure(.init("the request is NULL or smaller than ABI 1.0's sb_http_request")) }
    guard let method = String(borrowing: raw.method), !method.isEmpty else { return .failure(.init("method is missing")) }
    guard let url = String(borrowing: raw.url) else { return .failure(.init("url is missing")) }
    guard let headers = CText.headers(raw.headers, count: raw.header_count) else {
        return .failure(.init("headers holds a NULL name or value"))
    }
    var request = HTTPRequest(method: method, url: url, headers: headers, body: CText.bytes(raw.body, count: raw.body_size))
    if raw.timeout_ms > 0 { request.timeout = .milliseconds(raw.timeout_ms) }
    if raw.connect_timeout_ms > 0 { request.connectTimeout = .milliseconds(raw.connect_timeout_ms) }
    if raw.idle_timeout_ms > 0 { request.idleTimeout = .milliseconds(raw.idle_timeout_ms) }
    if raw.max_response_size > 0 { request.maxResponseBodySize = Int(clamping: raw.max_response_size) }
    return .success(request)
}

/// The `switchboard.http/1` table; lives until exit.
nonisolated(unsafe) let hostHTTPExtension: UnsafeMutablePointer<sb_http_extension> = {
    var table = ABIStruct.sized(sb_http_extension.self)
    table.request = { host, requestPointer, handlerPointer, userData, error in
        guard let bridge = HostBridge.started(host, error: error) else { return 0 }
        guard let handlerPointer,
              let handler = try? ABIStruct.copy(sb_http_handler.self, from: handlerPointer, requiredSize: ABIStruct.end(of: \sb_http_handler.on_complete)),
              handler.on_complete != nil
        else {
            CText.fill(error, code: SB_ERR_INVALID_ARGUMENT, message: "the handler is NULL, too small or lacks on_complete")
            return 0
        }
        let request: HTTPRequest
        switch readRequest(requestPointer) {
        case let .success(read): request = read
        case let .failure(problem):
            CText.fill(error, code: SB_ERR_INVALID_ARGUMENT, message: problem.message)
            return 0
        }
        let (id, pluginRequest) = bridge.resources.add { id in
            PluginHTTPRequest(id: id, handler: handler, userData: userData, queue: bridge.executor.queue, resources: bridge.resources)
        }
        pluginRequest.start(request, on: bridge.services.network.http)
        return id
    }
    table.cancel = { host, requestID in
        HostBridge.from(host)?.resources.remove(requestID, as: PluginHTTPRequest.self)?.cancel()
    }
    return .permanent(table)
}()

/// A malformed argument a plugin passed to a host service.
struct ServiceArgumentError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
