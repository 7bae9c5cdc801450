import Foundation
public import Hummingbird
import NIOCore

/// A simulator of no platform: generic HTTP and WebSocket behaviours, for testing
/// networking code offline (the host's services, plugins' own clients).
///
/// HTTP routes:
/// - `GET|POST|PUT|PATCH|DELETE|OPTIONS /echo`: 200; the body is the request body, byte
///   for byte; `Content-Type` copied from the request (default
///   application/octet-stream); `X-Echo-Method: <method>`; `X-Echo-Query: <raw query>`;
///   every request header field `X-Test-*` copied back.
/// - `GET /stream?chunks=N&size=S&interval_ms=I`: a chunked body of N chunks of S bytes,
///   I ms apart (defaults 5, 16, 0); the body is "0123456789" repeated.
/// - `GET /poll?timeout=SECONDS`: a long poll (timeout 0 to 120, default 0): 200
///   `{"ok":true,"result":[...]}` with the events posted (`postEvent`,
///   `POST /_sim/echo/events`) while it waits, or held since the last poll; `[]` when
///   none comes in time.
/// - `GET /status/{code}`: that status (200 to 599) with the body
///   `{"status":<code>,"description":"<reason phrase>"}` (none for 204 and 304).
/// - `GET /huge`: a body that never ends, "0123456789" repeated, sent as fast as the
///   client reads it, until it hangs up.
/// - `GET /stall`: never answers; holds the connection until the client hangs up.
///
/// WebSocket routes:
/// - `/ws/echo?ping_ms=N`: echoes each text message as text, each binary message as
///   binary; with `ping_ms`, also sends a ping every N ms.
/// - `/ws/close?code=N`: accepts, then closes with code N (1000 to 4999, default 1000)
///   and reason "closed by simulator".
///
/// Control routes:
/// - `POST /_sim/echo/events`: posts the JSON body as an event (see `postEvent`);
///   answers `{"answered":<polls answered>}`.
public struct EchoSimulator: PlatformSimulator {
    public static let name = "echo"

    /// Events for `GET /poll`, each a JSON text.
    let events = LongPollQueue<[UInt8]>()

    public init() {}

    /// Posts `json` as an event: the polls waiting now answer with it, or, if none
    /// waits, the next poll does. Returns how many polls it answered.
    @discardableResult
    public func postEvent(_ json: String) async throws(SimulatorError) -> Int {
        try await post(event: Array(json.utf8))
    }

    public func addControlRoutes(to group: RouterGroup<SimulatorContext>) {
        group.post("events") { request, context in
            let event = try await request.body.collect(upTo: context.maxUploadSize)
            let answered: Int
            do {
                answered = try await post(event: Array(buffer: event))
            } catch {
                throw HTTPError(.badRequest, message: "the event must be JSON")
            }
            return try Response.json(["answered": answered])
        }
    }

    public func reset() async {
        await events.removeAll()
    }

    private func post(event: [UInt8]) async throws(SimulatorError) -> Int {
        guard (try? JSONSerialization.jsonObject(with: Data(event), options: .fragmentsAllowed)) != nil else {
            throw .invalidJSON
        }
        return await events.post(event)
    }
}
