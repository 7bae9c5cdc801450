import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// Answers one ingress request: finds the channel, reads the body within the limit,
/// asks the channel's handler, and answers for it when it cannot.
struct IngressResponder: Sendable {
    static let prefix = "/hooks/"

    let settings: IngressSettings
    let logger: Logger
    let target: @Sendable (_ channelID: String) -> IngressTarget

    func respond(to request: Request) async throws -> Response {
        guard let (channelID, path) = Self.split(request.uri.path) else {
            return Self.response(.hostMessage(404, "not found"))
        }
        let handler: @Sendable (IngressRequest) async -> IngressResponse
        switch target(channelID) {
        case .unknown: return Self.response(.hostMessage(404, "not found"))
        case .notListening: return Self.response(.hostMessage(503, "channel \(channelID) is not receiving webhooks now"))
        case let .handler(channelHandler): handler = channelHandler
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maxBodySize {
            return Self.response(.hostMessage(413, "the body exceeds \(settings.maxBodySize) bytes"))
        }
        let maxBodySize = settings.maxBodySize
        let collected = await withDeadline { () -> Result<ByteBuffer, any Error> in
            do { return .success(try await request.body.collect(upTo: maxBodySize)) } catch { return .failure(error) }
        }
        let body: ByteBuffer
        switch collected {
        case .none:
            return Self.response(.hostMessage(408, "the body did not arrive in time"))
        case let .failure(error) where error is NIOTooManyBytesError:
            return Self.response(.hostMessage(413, "the body exceeds \(maxBodySize) bytes"))
        case let .failure(error):
            throw error
        case let .success(buffer):
            body = buffer
        }
        let ingressRequest = IngressRequest(
            method: request.method.rawValue, path: path, query: request.uri.query ?? "",
            headers: Self.headers(of: request), body: Array(buffer: body)
        )
        let answer = await withDeadline { await handler(ingressRequest) }
        guard let answer else {
            logger.warning("channel \(channelID) did not answer a webhook request within \(settings.answerTimeout)")
            return Self.response(.hostMessage(504, "the channel did not answer in time"))
        }
        return Self.response(answer)
    }

    /// The request's header fields as received, Host included (HTTP types keep it apart,
    /// as the authority).
    private static func headers(of request: Request) -> [(name: String, value: String)] {
        let fields = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        guard let authority = request.head.authority else { return fields }
        return [("Host", authority)] + fields
    }

    /// The channel id and the path below the channel's root, for a path under `/hooks/`.
    static func split(_ path: String) -> (channelID: String, rest: String)? {
        guard path.hasPrefix(prefix) else { return nil }
        let remainder = path.dropFirst(prefix.count)
        let channelID = remainder.prefix { $0 != "/" }
        guard !channelID.isEmpty else { return nil }
        let rest = remainder.dropFirst(channelID.count)
        return (String(channelID), rest.isEmpty ? "/" : String(rest))
    }

    /// Runs `work`, giving up after the answer timeout (nil): for reading the body
    /// and for the channel's answer alike.
    private func withDeadline<T: Sendable>(_ work: @escaping @Sendable () async -> T) async -> T? {
        let timeout = settings.answerTimeout
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { await work() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Fields that frame the message or concern the connection: the server sets them.
    private static let framingFields: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer"]

    private static func response(_ answer: IngressResponse) -> Response {
        var fields = HTTPFields()
        for header in answer.headers where !framingFields.contains(header.name.lowercased()) {
            guard let name = HTTPField.Name(header.name) else { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: fields, body: body(of: answer))
    }

    private static func body(of answer: IngressResponse) -> ResponseBody {
        guard let lease = answer.lease else { return ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)) }
        let first = answer.body
        return ResponseBody { writer in
            let stream = lease.stream
            do {
                if !first.isEmpty { try await writer.write(ByteBuffer(bytes: first)) }
                while let piece = await stream.next() {
                    try await writer.write(ByteBuffer(bytes: piece))
                }
                // A cut-off body must not look complete: the connection is dropped instead.
                if stream.wasCutOff { throw IngressStreamCutOff() }
                try await writer.finish(nil)
            } catch {
                stream.clientGone()
                throw error
            }
        }
    }
}

/// Ends a response whose client read too slowly, without the end of its body.
struct IngressStreamCutOff: Error {}
