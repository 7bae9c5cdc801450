import Synchronization

/// Gathers a whole response in memory, for `HTTPClient.execute`.
final class ResponseCollector: AwaitedTransferDelegate {
    let completion = TransferCompletion<HTTPResponse>()
    private let response = Mutex(HTTPResponse(status: 0))

    func transferDidReceiveHead(status: Int, headers: [(name: String, value: String)]) {
        response.withLock { response in
            response.status = status
            response.headers = headers
        }
    }

    func transferDidReceiveBody(_ bytes: UnsafeRawBufferPointer) {
        response.withLock { $0.body.append(contentsOf: bytes) }
    }

    func transferDidFinish(_ outcome: Result<Void, HTTPClientError>) {
        completion.complete(outcome.map { response.withLock { $0 } })
    }
}
