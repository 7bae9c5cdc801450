import Hummingbird

/// Collects each request's body and records the request in the log, control API
/// requests excepted.
struct RequestRecorder: RouterMiddleware {
    let log: RequestLog
    let maxBodySize: Int

    func handle(
        _ request: Request, context: SimulatorContext, next: (Request, SimulatorContext) async throws -> Response
    ) async throws -> Response {
        guard !ControlAPI.owns(request.uri.path) else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: maxBodySize)
        await log.append(RecordedRequest(request, body: body))
        return try await next(request, context)
    }
}
