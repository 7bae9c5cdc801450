import Foundation
public import SwitchboardCore
public import SwitchboardHTTP

/// An agent behind an HTTP endpoint of the operator's own.
///
/// Each turn is POSTed to `url` as JSON (the shape `CommandAgent` writes on stdin), and
/// the answer is read back as it streams, in either of two forms:
///
/// - `text/event-stream`: SSE events named `status`, `thinking` or `text` (or unnamed)
///   carry their text as data; `error` fails the turn with its data as the detail;
///   `done` ends the answer. Each needs a `data:` line, even an empty one: SSE drops
///   events without.
/// - `application/x-ndjson`: lines `{"type": "status|thinking|text|error|done", "text": …}`.
///
/// Other event types are ignored. An answer that ends without `done` is malformed.
public struct HTTPAgent: Agent {
    public struct Configuration: Sendable {
        public var url: String
        /// Sent with every request, e.g. an Authorization field.
        public var headers: [(name: String, value: String)]
        /// The longest a whole answer may take.
        public var timeout: Duration
        /// The longest the server may send nothing while answering.
        public var idleTimeout: Duration

        public init(url: String, headers: [(name: String, value: String)] = [], timeout: Duration = .seconds(120),
                    idleTimeout: Duration = .seconds(60)) {
            self.url = url
            self.headers = headers
            self.timeout = timeout
            self.idleTimeout = idleTimeout
        }
    }

    public let configuration: Configuration
    private let server: AgentServer

    public init(configuration: Configuration, client: HTTPClient) {
        self.configuration = configuration
        // Header values (an Authorization token, say) never show in error details.
        server = AgentServer(kind: "agent server", url: configuration.url, client: client,
                             secrets: configuration.headers.map(\.value))
    }

    public func respond(to turn: AgentTurn) -> AsyncThrowingStream<AgentEvent, any Error> {
        let request = HTTPRequest(
            method: "POST", url: configuration.url,
            headers: [(name: "Content-Type", value: "application/json"),
                      (name: "Accept", value: "text/event-stream, application/x-ndjson")] + configuration.headers,
            body: TurnDocument.encode(turn),
            timeout: configuration.timeout,
            idleTimeout: configuration.idleTimeout
        )
        return .produced { [server] continuation in
            let response = try await server.stream(request)
            var reader = try AnswerReader(contentType: response.header("Content-Type"), server: server)
            var isComplete = try await server.read(response.body) { piece in
                try reader.read(piece, into: continuation)
            }
            if !isComplete {
                isComplete = try reader.finish(into: continuation)
            }
            guard isComplete else { throw server.malformed("the answer ended without a done event") }
        }
    }
}

/// Reads an agent server's answer in either of its forms.
private struct AnswerReader {
    private enum Format {
        case eventStream(SSEParser)
        case lines(NDJSONParser)
    }

    /// One NDJSON line.
    private struct Line: Decodable {
        let type: String
        let text: String?
    }

    private var format: Format
    private let server: AgentServer

    init(contentType: String?, server: AgentServer) throws {
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        switch mediaType {
        case "text/event-stream": format = .eventStream(SSEParser())
        case "application/x-ndjson": format = .lines(NDJSONParser())
        default:
            throw server.malformed("expected Content-Type text/event-stream or application/x-ndjson, got \(contentType ?? "none")")
        }
        self.server = server
    }

    /// Yields the events `piece` completes; true once the answer is done.
    mutating func read(_ piece: [UInt8], into continuation: AgentEventContinuation) throws -> Bool {
        switch format {
        case .eventStream(var parser):
            defer { format = .eventStream(parser) }
            return try parser.parse(piece).contains { try emit(type: $0.type, text: $0.data, into: continuation) }
        case .lines(var parser):
            defer { format = .lines(parser) }
            return try parser.parse(piece).contains { try emit(line: $0, into: continuation) }
        }
    }

    /// Yields a last line the answer ended without a line end after; true when it is done.
    mutating func finish(into continuation: AgentEventContinuation) throws -> Bool {
        guard case .lines(var parser) = format, let line = parser.finish() else { return false }
        return try emit(line: line, into: continuation)
    }

    private func emit(line: String, into continuation: AgentEventContinuation) throws -> Bool {
        let decoded = try server.decode(Line.self, from: Array(line.utf8), expected: #"a line {"type": …, "text": …}"#)
        return try emit(type: decoded.type, text: decoded.text ?? "", into: continuation)
    }

    /// Yields the event of `type`; true when it is `done`.
    private func emit(type: String, text: String, into continuation: AgentEventContinuation) throws -> Bool {
        switch type {
        case "status": continuation.yield(.status(text))
        case "thinking": continuation.yield(.thinking(text))
        case "text", "message": continuation.yield(.text(text))
        case "error": throw server.reportedError(text)
        case "done": return true
        default: break
        }
        return false
    }
}
