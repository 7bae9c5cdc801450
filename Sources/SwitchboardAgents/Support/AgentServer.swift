import Foundation
import SwitchboardCore
import SwitchboardHTTP

/// The HTTP server behind an agent (`openai`, `http`): sends it requests and words
/// every failure as an `AgentError` whose detail names the server, never the URL's
/// path or query, and never any of `secrets`.
struct AgentServer: Sendable {
    /// The most of an error body read for the detail.
    private static let errorBodyLimit = 64 * 1024

    let client: HTTPClient
    /// What details call the server: "OpenAI-compatible server at api.openai.com".
    let name: String
    /// Values that must never appear in a detail, such as an API key.
    let secrets: [String]

    /// - Parameter kind: What the server is, e.g. "OpenAI-compatible server".
    init(kind: String, url: String, client: HTTPClient, secrets: [String]) {
        name = "\(kind) at \(HTTPRequest(url: url).server)"
        self.client = client
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    /// The response to `request` once its head is in; throws unless its status is 2xx.
    func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let response: HTTPStreamingResponse
        do {
            response = try await client.stream(request)
        } catch {
            throw failure(error)
        }
        guard (200..<300).contains(response.status) else {
            throw failure(status: response.status, body: await Self.prefix(of: response.body, limit: Self.errorBodyLimit))
        }
        return response
    }

    /// The whole response to `request`; throws unless its status is 2xx.
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await client.execute(request)
        } catch {
            throw failure(error)
        }
        guard (200..<300).contains(response.status) else {
            throw failure(status: response.status, body: response.body)
        }
        return response
    }

    /// Hands each piece of `body` to `handle` until `handle` says the answer is
    /// complete (true) or the body ends; whether the answer was complete.
    func read(_ body: AsyncThrowingStream<[UInt8], any Error>, until handle: ([UInt8]) throws -> Bool) async throws -> Bool {
        do {
            for try await piece in body {
                if try handle(piece) { return true }
            }
        } catch let error as HTTPClientError {
            throw failure(error)
        }
        try Task.checkCancellation()
        return false
    }

    /// `bytes` decoded as JSON; `expected` names what they should be in the error when
    /// they are not, e.g. "a chat completion chunk".
    func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], expected: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw malformed("expected \(expected), got \(quoted(bytes))")
        }
    }

    /// The server sent something that cannot be understood.
    func malformed(_ problem: String) -> AgentError {
        .unavailable(detail: "\(name) sent a malformed answer: \(problem)")
    }

    /// The server reported an error in its answer, with `message`.
    func reportedError(_ message: String) -> AgentError {
        .failed(detail: "\(name) reported an error: \(quoted(Array(message.utf8)))")
    }

    /// A failure to get an answer; `CancellationError` when the task was cancelled.
    private func failure(_ error: HTTPClientError) -> any Error {
        let detail = "request to \(name) \(error.code): \(error.reason)"
        switch error.code {
        case .cancelled: return CancellationError()
        case .timedOut: return AgentError.timedOut(detail: detail)
        default: return AgentError.unavailable(detail: detail)
        }
    }

    /// An answer with a status other than 2xx; the detail quotes the error message of
    /// an OpenAI-style error body (`{"error": {"message": …}}`), else the body.
    private func failure(status: Int, body: [UInt8]) -> AgentError {
        let message = (try? JSONDecoder().decode(ErrorBody.self, from: Data(body)))?.error.message
        let detail = "\(name) answered HTTP \(status): \(quoted(message.map { Array($0.utf8) } ?? body))"
        switch status {
        case 401, 403: return .credentialsRejected(detail: detail)
        case 429: return .rateLimited(detail: detail)
        case 500...: return .unavailable(detail: detail)
        default: return .failed(detail: detail)
        }
    }

    /// `bytes` as a short quote, with every secret blacked out.
    private func quoted(_ bytes: [UInt8]) -> String {
        guard !secrets.isEmpty else { return TextExcerpt.quoted(bytes) }
        let text = secrets.reduce(String(decoding: bytes, as: UTF8.self)) { $0.replacingOccurrences(of: $1, with: "[redacted]") }
        return TextExcerpt.quoted(text)
    }

    /// The start of `body`, up to `limit` bytes, or what arrived before it failed.
    private static func prefix(of body: AsyncThrowingStream<[UInt8], any Error>, limit: Int) async -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await piece in body {
                bytes += piece
                if bytes.count >= limit { break }
            }
        } catch {}
        return Array(bytes.prefix(limit))
    }
}

/// An error body as OpenAI and many others send it: `{"error": {"message": …}}`, or
/// `{"error": "…"}`.
private struct ErrorBody: Decodable {
    struct Detail: Decodable {
        let message: String?

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                message = text
            } else {
                message = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .message)
            }
        }

        enum CodingKeys: String, CodingKey {
            case message
        }
    }

    let error: Detail
}
