import CSwitchboardABI
import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Calls to DingTalk's open API (api.dingtalk.com) through the host's HTTP service:
/// JSON in and out, the app's access token in `x-acs-dingtalk-access-token`.
///
/// A call made with the token that DingTalk refuses as invalid (401, or
/// `InvalidAuthentication`) gets a new token and is made once more. Nothing here logs
/// a secret or a token.
final class OpenAPI {
    let host: ProviderHost
    /// e.g. "https://api.dingtalk.com", without a trailing slash.
    let baseURL: String
    let tokens: AccessTokens
    /// HTTP requests under way, for `cancelAll`.
    private var inFlight: Set<UInt64> = []

    init(host: ProviderHost, baseURL: String, clientID: String, clientSecret: String) {
        self.host = host
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        tokens = AccessTokens(clientID: clientID, clientSecret: clientSecret)
    }

    /// Calls `path` with the access token. `completion` gets the decoded answer or the
    /// failure, on the instance's executor, unless `cancelAll` comes first.
    /// [instance-executor]
    func call<Answer: Decodable>(
        _ method: String, _ path: String, _ body: some Encodable, returning: Answer.Type,
        completion: @escaping (Result<Answer, DingTalkAPIError>) -> Void
    ) {
        withToken(completion: completion) { [unowned self] token in
            request(method, path, body, token: token, returning: Answer.self) { [unowned self] result in
                guard case let .failure(error) = result, error.isInvalidToken else { return completion(result) }
                host.log(.info, "DingTalk refused the access token; getting a new one")
                tokens.forget(token)
                withToken(completion: completion) { [unowned self] token in
                    request(method, path, body, token: token, returning: Answer.self, completion: completion)
                }
            }
        }
    }

    /// Calls `path` without a token (the token and gateway endpoints take the app's
    /// credentials in the body). [instance-executor]
    func request<Answer: Decodable>(
        _ method: String, _ path: String, _ body: some Encodable, token: String? = nil, returning: Answer.Type,
        completion: @escaping (Result<Answer, DingTalkAPIError>) -> Void
    ) {
        post(method, url: baseURL + path, body, headers: token.map { [("x-acs-dingtalk-access-token", $0)] } ?? []) { outcome in
            completion(outcome.flatMap { response in Self.decode(response, path: path) })
        }
    }

    /// Sends a JSON request to any URL (a session webhook, say) and hands back the raw
    /// response, or the transport failure. [instance-executor]
    func post(_ method: String = "POST", url: String, _ body: some Encodable, headers: [(name: String, value: String)] = [],
              completion: @escaping (Result<HostHTTPResponse, DingTalkAPIError>) -> Void) {
        let bytes: [UInt8]
        do { bytes = Array(try JSONEncoder().encode(body)) } catch {
            return completion(.failure(DingTalkAPIError(kind: .malformed("the request body cannot be encoded: \(error)"))))
        }
        let request = HostHTTPRequest(
            method: method, url: url,
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")] + headers, body: bytes
        )
        var requestID: UInt64 = 0
        do {
            requestID = try host.send(request) { [unowned self] outcome in
                inFlight.remove(requestID)
                completion(outcome.mapError { DingTalkAPIError(kind: .transport($0.description)) })
            }
            inFlight.insert(requestID)
        } catch where error.code == SB_ERR_INVALID_ARGUMENT {
            // The host cannot send it at all (a URL that is not http or https, say).
            completion(.failure(DingTalkAPIError(kind: .refused(status: 0, code: "RequestNotSendable", message: "\(error)", requestID: nil))))
        } catch {
            completion(.failure(DingTalkAPIError(kind: .transport(error.description))))
        }
    }

    /// Cancels every request under way and forgets the token: no completion is called
    /// afterwards. [instance-executor]
    func cancelAll() {
        for requestID in inFlight { host.cancelHTTPRequest(requestID) }
        inFlight.removeAll()
        tokens.reset()
    }

    private func withToken<Answer>(completion: @escaping (Result<Answer, DingTalkAPIError>) -> Void, _ body: @escaping (String) -> Void) {
        tokens.withToken(fetch: { [unowned self] credentials, done in
            request("POST", "/v1.0/oauth2/accessToken", credentials, returning: AccessTokens.Grant.self, completion: done)
        }) { result in
            switch result {
            case let .success(token): body(token)
            case let .failure(error): completion(.failure(error))
            }
        }
    }

    private struct ErrorBody: Decodable {
        var code: String?
        var message: String?
        var requestid: String?
    }

    private static func decode<Answer: Decodable>(_ response: HostHTTPResponse, path: String) -> Result<Answer, DingTalkAPIError> {
        guard (200..<300).contains(response.status) else {
            let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            return .failure(DingTalkAPIError(kind: .refused(
                status: response.status, code: body?.code ?? "HTTP \(response.status)",
                message: body?.message ?? "no error message", requestID: body?.requestid
            )))
        }
        do {
            return .success(try JSONDecoder().decode(Answer.self, from: Data(response.body)))
        } catch {
            return .failure(DingTalkAPIError(kind: .malformed("\(path) answered HTTP \(response.status) with a body that is not the documented answer")))
        }
    }
}

/// Why a call to DingTalk failed.
struct DingTalkAPIError: Error, CustomStringConvertible {
    enum Kind {
        /// DingTalk answered with an error: its HTTP status and `{"code","message","requestid"}`.
        case refused(status: Int, code: String, message: String, requestID: String?)
        /// No answer: the connection failed, timed out or broke.
        case transport(String)
        /// An answer that makes no sense.
        case malformed(String)
    }

    let kind: Kind

    var description: String {
        switch kind {
        case let .refused(status, code, message, requestID):
            "DingTalk answered \(status) \(code): \(message)" + (requestID.map { " (request \($0))" } ?? "")
        case let .transport(message): "DingTalk cannot be reached: \(message)"
        case let .malformed(message): message
        }
    }

    /// DingTalk's error code, when it answered with one.
    var code: String? { refusal?.code }

    private var refusal: (status: Int, code: String)? {
        if case let .refused(status, code, _, _) = kind { return (status, code) }
        return nil
    }

    /// The access token is expired, revoked or unknown.
    var isInvalidToken: Bool {
        guard let refusal else { return false }
        return refusal.status == 401 || refusal.code == "InvalidAuthentication"
    }

    /// The app's credentials are wrong (token endpoint or gateway).
    var isBadCredentials: Bool {
        guard let refusal else { return false }
        return refusal.code == "authFailed" || refusal.code == "invalidClientIdOrSecret" || refusal.status == 401
    }

    /// An answer that makes no sense (a proxy's page, say): not DingTalk refusing.
    var isMalformed: Bool {
        if case .malformed = kind { return true }
        return false
    }

    /// Too many calls: DingTalk's flow control.
    var isRateLimited: Bool {
        guard let refusal else { return false }
        return refusal.status == 429 || refusal.code.contains("QpsLimit") || refusal.code.contains("Throttling")
    }

    /// Worth trying again later: no answer, a server error, or a rate limit.
    var isTransient: Bool {
        guard let refusal else { if case .transport = kind { return true } else { return false } }
        return refusal.status >= 500 || isRateLimited
    }

    /// The failure in the host's terms, for a send or stream operation.
    var providerError: ProviderError {
        switch kind {
        case .transport: return .transient(description)
        case .malformed: return ProviderError(code: SB_ERR_INTERNAL, message: description)
        case let .refused(status, code, _, _):
            if isRateLimited { return ProviderError(code: SB_ERR_RATE_LIMITED, message: description) }
            if status >= 500 { return .transient(description) }
            if isInvalidToken || isBadCredentials { return .authentication(description) }
            if status == 404 || code.hasSuffix("NotExist") { return ProviderError(code: SB_ERR_NOT_FOUND, message: description) }
            return .invalidArgument(description)
        }
    }
}
