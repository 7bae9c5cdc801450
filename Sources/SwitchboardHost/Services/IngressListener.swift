import CSwitchboardABI
import Dispatch
import Synchronization
import SwitchboardIngress

/// A channel listening for webhooks (`switchboard.ingress/1`): hands each request to the
/// plugin's handler on the instance's executor and waits for the plugin's answer.
final class IngressListener: @unchecked Sendable {
    private struct Handler: @unchecked Sendable {
        let function: sb_ingress_handler
        let userData: UnsafeMutableRawPointer?
    }

    /// Requests waiting for an answer beyond which the host answers 503 itself.
    static let pendingLimit = 256

    private struct Waiting {
        var answers: [UInt64: CheckedContinuation<IngressResponse, Never>] = [:]
        /// Requests given up (timed out) before their continuation was registered.
        var abandoned: Set<UInt64> = []
        /// Answers whose body the plugin is still writing.
        var streams: [UInt64: IngressBodyStream] = [:]
        var isClosed = false
    }

    private let handler: Handler
    private let queue: DispatchQueue
    private let nextID: @Sendable () -> UInt64
    private let waiting = Mutex(Waiting())

    /// - Parameter nextID: Hands out request ids, never the same twice.
    init(handler: sb_ingress_handler, userData: UnsafeMutableRawPointer?, queue: DispatchQueue,
         nextID: @escaping @Sendable () -> UInt64) {
        self.handler = Handler(function: handler, userData: userData)
        self.queue = queue
        self.nextID = nextID
    }

    /// Asks the plugin and waits for its answer; 503 once the listener is closed.
    func handle(_ request: IngressRequest) async -> IngressResponse {
        let id = nextID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let registered = waiting.withLock { waiting in
                    guard !waiting.isClosed, waiting.abandoned.remove(id) == nil,
                          waiting.answers.count < Self.pendingLimit else { return false }
                    waiting.answers[id] = continuation
                    return true
                }
                guard registered else {
                    continuation.resume(returning: .notListening)
                    return
                }
                queue.async { [self] in
                    guard waiting.withLock({ $0.answers[id] != nil }) else { return }
                    call(request, id: id)
                }
            }
        } onCancel: {
            let continuation = waiting.withLock { waiting in
                let continuation = waiting.answers.removeValue(forKey: id)
                if continuation == nil && !waiting.isClosed { waiting.abandoned.insert(id) }
                return continuation
            }
            continuation?.resume(returning: .notListening)
        }
    }

    /// Answers request `id`; false when it is unknown, answered or given up. With
    /// `streaming`, the response stays open for `write(_:to:)` until `finish(_:)`.
    /// [instance-executor]
    func respond(_ id: UInt64, with response: IngressResponse, streaming: Bool = false) -> Bool {
        var response = response
        let continuation = waiting.withLock { waiting -> CheckedContinuation<IngressResponse, Never>? in
            guard let continuation = waiting.answers.removeValue(forKey: id) else { return nil }
            if streaming {
                let stream = IngressBodyStream()
                waiting.streams[id] = stream
                response.stream = stream
            }
            return continuation
        }
        guard let continuation else { return false }
        continuation.resume(returning: response)
        return true
    }

    /// Queues more of open response `id`; nil when it is not open. The response is
    /// forgotten once the client cannot get more. [instance-executor]
    func write(_ bytes: [UInt8], to id: UInt64) -> IngressBodyStream.WriteOutcome? {
        guard let stream = waiting.withLock({ $0.streams[id] }) else { return nil }
        let outcome = stream.write(bytes)
        if outcome != .queued { _ = waiting.withLock { $0.streams.removeValue(forKey: id) } }
        return outcome
    }

    /// Ends open response `id` after what was written; unknown ids are ignored. [instance-executor]
    func finish(_ id: UInt64) {
        waiting.withLock { $0.streams.removeValue(forKey: id) }?.finish()
    }

    /// Stops listening: requests waiting for an answer get 503, open responses end.
    func close() {
        let (unanswered, streams) = waiting.withLock { waiting in
            waiting.isClosed = true
            defer {
                waiting.answers.removeAll()
                waiting.streams.removeAll()
            }
            return (Array(waiting.answers.values), Array(waiting.streams.values))
        }
        for continuation in unanswered { continuation.resume(returning: .notListening) }
        for stream in streams { stream.finish() }
    }

    private func call(_ request: IngressRequest, id: UInt64) {
        let arena = CStringArena()
        CHeaderArray(request.headers).withPairs { pairs, count in
            request.body.withUnsafeBufferPointer { body in
                var raw = ABIStruct.sized(sb_ingress_request.self)
                raw.request_id = id
                raw.method = arena.copy(request.method)
                raw.path = arena.copy(request.path)
                raw.query = arena.copy(request.query)
                raw.headers = pairs
                raw.header_count = count
                raw.body = body.isEmpty ? nil : body.baseAddress
                raw.body_size = body.count
                handler.function(handler.userData, &raw)
            }
        }
    }
}

extension IngressResponse {
    /// The host's answer for a channel that stopped listening.
    static let notListening = IngressResponse.hostMessage(503, "the channel is not receiving webhooks now")
}

/// Reads a plugin's answer to an ingress request.
private func readResponse(_ pointer: UnsafePointer<sb_http_response>?) -> Result<IngressResponse, ServiceArgumentError> {
    guard let pointer,
          let raw = try? ABIStruct.copy(sb_http_response.self, from: pointer, requiredSize: ABIStruct.end(of: \sb_http_response.body_size))
    else { return .failure(.init("the response is NULL or smaller than ABI 1.0's sb_http_response")) }
    guard (200...599).contains(raw.status) else { return .failure(.init("status \(raw.status) is not a final HTTP status (200 to 599)")) }
    guard let headers = CText.headers(raw.headers, count: raw.header_count) else {
        return .failure(.init("headers holds a NULL name or value"))
    }
    return .success(IngressResponse(status: Int(raw.status), headers: headers, body: CText.bytes(raw.body, count: raw.body_size)))
}

/// The calling channel and its ingress listener, if it listens.
private func ingressListener(_ host: UnsafePointer<sb_host>?) -> (bridge: HostBridge, listener: IngressListener)? {
    guard let bridge = HostBridge.from(host), let listener = bridge.services.ingress?.listener(channelID: bridge.channelID) else {
        return nil
    }
    return (bridge, listener)
}

/// Answers a request for `respond` and `respond_streaming`; a malformed response is
/// answered 500.
private func answer(_ host: UnsafePointer<sb_host>?, _ requestID: UInt64, _ responsePointer: UnsafePointer<sb_http_response>?,
                    streaming: Bool) -> Int32 {
    guard let (bridge, listener) = ingressListener(host) else { return SB_ERR_NOT_FOUND }
    switch readResponse(responsePointer) {
    case let .success(response):
        return listener.respond(requestID, with: response, streaming: streaming) ? SB_OK : SB_ERR_NOT_FOUND
    case let .failure(problem):
        bridge.logger.error("the plugin answered a webhook request wrongly: \(problem.message)")
        _ = listener.respond(requestID, with: IngressResponse(status: 500))
        return SB_ERR_INVALID_ARGUMENT
    }
}

/// The `switchboard.ingress/1` table; lives until exit.
nonisolated(unsafe) let hostIngressExtension: UnsafeMutablePointer<sb_ingress_extension> = {
    var table = ABIStruct.sized(sb_ingress_extension.self)
    table.listen = { host, handler, userData, errorOut in
        guard let bridge = HostBridge.from(host), let hub = bridge.services.ingress else {
            CText.fill(errorOut, code: SB_ERR_UNSUPPORTED, message: "the host serves no webhook ingress")
            return SB_ERR_UNSUPPORTED
        }
        guard let handler else {
            CText.fill(errorOut, code: SB_ERR_INVALID_ARGUMENT, message: "the handler is NULL")
            return SB_ERR_INVALID_ARGUMENT
        }
        guard HostBridge.started(host, error: errorOut) != nil else { return SB_ERR_NOT_CONNECTED }
        do throws(IngressStartError) {
            try hub.listen(channelID: bridge.channelID,
                           listener: IngressListener(handler: handler, userData: userData, queue: bridge.executor.queue,
                                                     nextID: { hub.nextRequestID() }))
            return SB_OK
        } catch {
            CText.fill(errorOut, code: SB_ERR_TRANSIENT, message: error.description)  // the address may be free later
            return SB_ERR_TRANSIENT
        }
    }
    table.respond = { host, requestID, responsePointer in
        answer(host, requestID, responsePointer, streaming: false)
    }
    table.respond_streaming = { host, requestID, headPointer in
        answer(host, requestID, headPointer, streaming: true)
    }
    table.write_streaming = { host, requestID, data, size in
        guard let (bridge, listener) = ingressListener(host) else { return SB_ERR_NOT_FOUND }
        switch listener.write(CText.bytes(data, count: size), to: requestID) {
        case .queued: return SB_OK
        case .closed: return SB_ERR_NOT_CONNECTED
        case .overflowed:
            bridge.logger.warning("a webhook client read an open response too slowly; it was ended")
            return SB_ERR_TOO_LARGE
        case nil: return SB_ERR_NOT_FOUND
        }
    }
    table.finish_streaming = { host, requestID in
        ingressListener(host)?.listener.finish(requestID)
    }
    table.public_url = { host, buffer, capacity, length in
        guard let bridge = HostBridge.from(host), let hub = bridge.services.ingress else { return SB_ERR_UNSUPPORTED }
        return CText.copy(hub.publicURL(channelID: bridge.channelID), into: buffer, capacity: capacity, length: length)
    }
    return .permanent(table)
}()
