import CSwitchboardABI
import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Calls to the Bot API through the host's HTTP service: JSON in, `{"ok":…}` out.
///
/// The token is part of every URL; nothing here logs a URL, and `BotAPIError` texts
/// never contain one.
struct BotAPI {
    let host: ProviderHost
    /// e.g. "https://api.telegram.org", without a trailing slash.
    let baseURL: String
    let token: String

    init(host: ProviderHost, baseURL: String, token: String) {
        self.host = host
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
    }

    /// Calls `method` with `parameters` as a JSON body. `completion` gets the decoded
    /// result or the failure, on the instance's executor, unless the call is cancelled.
    /// Returns the HTTP request's id, for `cancel`. [instance-executor]
    func call<Result: Decodable>(
        _ method: String, _ parameters: some Encodable, returning: Result.Type, timeout: Duration? = nil,
        completion: @escaping (Swift.Result<Result, BotAPIError>) -> Void
    ) throws(BotAPIError) -> UInt64 {
        let body: [UInt8]
        do { body = Array(try JSONEncoder().encode(parameters)) } catch {
            throw BotAPIError(kind: .malformed("\(method) parameters cannot be encoded: \(error)"))
        }
        let request = HostHTTPRequest(
            method: "POST", url: "\(baseURL)/bot\(token)/\(method)",
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
            body: body, timeout: timeout
        )
        do {
            return try host.send(request) { outcome in
                completion(outcome.mapError { BotAPIError(kind: .transport($0.description)) }.flatMap { Self.decode($0, method: method) })
            }
        } catch {
            throw BotAPIError(kind: .transport(error.description))
        }
    }

    /// Aborts a call: its completion is not called. [instance-executor]
    func cancel(_ requestID: UInt64) {
        host.cancelHTTPRequest(requestID)
    }

    private struct Envelope<Result: Decodable>: Decodable {
        struct Parameters: Decodable {
            var retryAfter: Int?

            enum CodingKeys: String, CodingKey {
                case retryAfter = "retry_after"
            }
        }

        var ok: Bool
        var result: Result?
        var errorCode: Int?
        var description: String?
        var parameters: Parameters?

        enum CodingKeys: String, CodingKey {
            case ok, result, errorCode = "error_code", description, parameters
        }
    }

    private static func decode<Result: Decodable>(_ response: HostHTTPResponse, method: String) -> Swift.Result<Result, BotAPIError> {
        guard let envelope = try? JSONDecoder().decode(Envelope<Result>.self, from: Data(response.body)) else {
            // Not the Bot API speaking: a proxy's error page, say.
            let kind: BotAPIError.Kind = (200..<300).contains(response.status)
                ? .malformed("\(method) answered HTTP \(response.status) with a body that is not a Bot API answer")
                : .refused(code: response.status, description: "HTTP \(response.status) from the Bot API server", retryAfter: nil)
            return .failure(BotAPIError(kind: kind))
        }
        if envelope.ok, let result = envelope.result { return .success(result) }
        if envelope.ok { return .failure(BotAPIError(kind: .malformed("\(method) answered ok without a result"))) }
        return .failure(BotAPIError(kind: .refused(
            code: envelope.errorCode ?? response.status,
            description: envelope.description ?? "HTTP \(response.status)",
            retryAfter: envelope.parameters?.retryAfter
        )))
    }
}

/// Why a Bot API call failed.
struct BotAPIError: Error, CustomStringConvertible {
    enum Kind {
        /// Telegram answered `{"ok":false}`: its error_code, description and retry_after.
        case refused(code: Int, description: String, retryAfter: Int?)
        /// No answer: connection failed, timed out or broke.
        case transport(String)
        /// An answer that makes no sense.
        case malformed(String)
    }

    let kind: Kind

    var description: String {
        switch kind {
        case let .refused(code, description, _): "Telegram answered \(code): \(description)"
        case let .transport(message): "the Bot API cannot be reached: \(message)"
        case let .malformed(message): message
        }
    }

    private var refusal: (code: Int, description: String, retryAfter: Int?)? {
        if case let .refused(code, description, retryAfter) = kind { return (code, description, retryAfter) }
        return nil
    }

    /// How long Telegram asked to wait (429), if it did.
    var retryAfter: Duration? {
        guard let refusal, refusal.code == 429 else { return nil }
        return .seconds(max(1, refusal.retryAfter ?? 1))
    }

    /// 401: the token is wrong or revoked.
    var isUnauthorized: Bool { refusal?.code == 401 }
    /// 409: another poller or a webhook is in the way.
    var isConflict: Bool { refusal?.code == 409 }
    /// An edit that changes nothing.
    var isNotModified: Bool { refusal.map { $0.code == 400 && $0.description.contains("message is not modified") } ?? false }
    /// Formatting Telegram could not parse; the same text without parse_mode goes through.
    var isFormattingRejected: Bool { refusal.map { $0.code == 400 && $0.description.contains("can't parse entities") } ?? false }
    /// A failure worth trying again later: no answer, a server error, or a rate limit.
    var isTransient: Bool {
        guard let refusal else { if case .transport = kind { return true } else { return false } }
        return refusal.code == 429 || refusal.code >= 500
    }

    /// The failure in the host's terms, for a send, edit or stream operation.
    var providerError: ProviderError {
        switch kind {
        case .transport: return .transient(description)
        case .malformed: return ProviderError(code: SB_ERR_INTERNAL, message: description)
        case let .refused(code, text, _):
            let lowered = text.lowercased()
            let abiCode: Int32
            if code == 429 {
                abiCode = SB_ERR_RATE_LIMITED
            } else if code >= 500 {
                abiCode = SB_ERR_TRANSIENT
            } else if code == 401 {
                abiCode = SB_ERR_AUTH
            } else if isNotModified {
                abiCode = SB_ERR_NOT_MODIFIED
            } else if lowered.contains("too long") {
                abiCode = SB_ERR_TOO_LARGE
            } else if code == 403 || code == 404 || lowered.contains("not found") {
                abiCode = SB_ERR_NOT_FOUND  // the chat or message is gone, or the user blocked the bot
            } else {
                abiCode = SB_ERR_INVALID_ARGUMENT
            }
            return ProviderError(code: abiCode, message: description)
        }
    }
}
