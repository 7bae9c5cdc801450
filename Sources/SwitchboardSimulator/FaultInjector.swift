import HTTPTypes
import Hummingbird
import NIOCore

/// Applies the planned fault, if any, before the platform sees a request.
struct FaultInjector: RouterMiddleware {
    let plan: FaultPlan

    func handle(
        _ request: Request, context: SimulatorContext, next: (Request, SimulatorContext) async throws -> Response
    ) async throws -> Response {
        guard !ControlAPI.owns(request.uri.path), let fault = plan.take(for: request.uri.path) else {
            return try await next(request, context)
        }
        if fault.delay > .zero { try await Task.sleep(for: fault.delay) }
        switch fault.action {
        case let .respond(status, headers, body):
            let body = ResponseBody(byteBuffer: ByteBuffer(bytes: body))
            return Response(status: .init(code: status), headers: HTTPFields(headers), body: body)
        case .proceed:
            return try await next(request, context)
        case .drop:
            // Closed before any answer is written: the client sees the connection end, not a 500.
            try await context.channel.close()
            throw ConnectionDropped()
        case .stall:
            try await request.waitForClientToHangUp()
        }
    }
}

/// Thrown once a fault has closed the connection: there is nothing left to answer.
struct ConnectionDropped: Error {}

extension HTTPFields {
    /// These fields, skipping names that are not valid field names.
    init(_ fields: [String: String]) {
        self.init()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            if let name = HTTPField.Name(name) { append(HTTPField(name: name, value: value)) }
        }
    }
}
