/// Gathers a whole response in memory, for `HTTPClient.execute`.
final class ResponseCollector: ResponseReceiver {
    private var status = 0
    private var headers: [(name: String, value: String)] = []
    private var body: [UInt8] = []

    /// The response, once the transfer has ended well.
    var response: HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body)
    }

    func receiveHead(status: Int, headers: [(name: String, value: String)]) {
        self.status = status
        self.headers = headers
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) {
        body.append(contentsOf: bytes)
    }
}
