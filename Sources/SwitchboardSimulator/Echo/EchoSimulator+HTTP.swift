import HTTPTypes
public import Hummingbird
import NIOCore
import NIOHTTP1
import ServiceLifecycle

extension EchoSimulator {
    public func addRoutes(to router: Router<SimulatorContext>) {
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .options] {
            router.on("/echo", method: method, use: Self.echo)
        }
        router.get("/stream", use: Self.stream)
        router.get("/poll") { request, _ in try await poll(request) }
        router.get("/status/:code", use: Self.status)
        router.get("/huge", use: Self.huge)
        router.get("/stall") { request, _ -> Response in try await request.waitForClientToHangUp() }
    }

    private static func echo(_ request: Request, context: SimulatorContext) async throws -> Response {
        let body = try await request.body.collect(upTo: .max)  // already collected by the recorder
        var headers: HTTPFields = [
            .contentType: request.headers[.contentType] ?? "application/octet-stream",
            .echoMethod: request.method.rawValue,
            .echoQuery: request.uri.query ?? "",
        ]
        headers.append(contentsOf: request.headers.filter { $0.name.canonicalName.hasPrefix("x-test-") })
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    private static func stream(_ request: Request, context: SimulatorContext) throws -> Response {
        let chunks = try request.integerQuery("chunks", default: 5, in: 0...100_000)
        let size = try request.integerQuery("size", default: 16, in: 1...1024 * 1024)
        let interval = try request.integerQuery("interval_ms", default: 0, in: 0...60_000)
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: ResponseBody { writer in
            var digits = DigitStream()
            for index in 0..<chunks {
                if index > 0, interval > 0 { try await Task.sleep(for: .milliseconds(interval)) }
                try await writer.write(digits.next(size))
            }
            try await writer.finish(nil)
        })
    }

    private func poll(_ request: Request) async throws -> Response {
        let timeout = try request.integerQuery("timeout", default: 0, in: 0...120)
        return try await request.answeringUnlessHungUp { [events] in
            let answered = await events.poll(timeout: .seconds(timeout))
            var body = ByteBuffer(string: #"{"ok":true,"result":["#)
            for (index, event) in answered.enumerated() {
                if index > 0 { body.writeString(",") }
                body.writeBytes(event)
            }
            body.writeString("]}")
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
    }

    private static func status(_ request: Request, context: SimulatorContext) throws -> Response {
        guard let code = context.parameters.get("code", as: Int.self), (200...599).contains(code) else {
            throw HTTPError(.badRequest, message: "the status must be from 200 to 599")
        }
        let reason = HTTPResponseStatus(statusCode: code).reasonPhrase
        let status = HTTPResponse.Status(code: code, reasonPhrase: reason)
        guard code != 204, code != 304 else { return Response(status: status) }
        let body = #"{"status":\#(code),"description":"\#(reason)"}"#
        let json = ResponseBody(byteBuffer: ByteBuffer(string: body))
        return Response(status: status, headers: [.contentType: "application/json"], body: json)
    }

    private static func huge(_ request: Request, context: SimulatorContext) -> Response {
        Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: ResponseBody { writer in
            var digits = DigitStream()
            // Each write waits until the client has room: nothing piles up in the server.
            // It throws once the client has hung up, which ends the body.
            while !Task.isShuttingDownGracefully { try await writer.write(digits.next(64 * 1024)) }
            try await writer.finish(nil)
        })
    }
}

/// "0123456789" repeated, handed out in pieces.
private struct DigitStream {
    private var position = 0

    mutating func next(_ count: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(count)
        for _ in 0..<count {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(position))
            position = (position + 1) % 10
        }
        return buffer
    }
}

extension HTTPField.Name {
    fileprivate static let echoMethod = HTTPField.Name("X-Echo-Method")!
    fileprivate static let echoQuery = HTTPField.Name("X-Echo-Query")!
}

extension Request {
    /// The integer query parameter `name`, `fallback` when absent; 400 when it is not
    /// an integer in `range`.
    fileprivate func integerQuery(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = uri.queryParameters[Substring(name)] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError(.badRequest, message: "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
