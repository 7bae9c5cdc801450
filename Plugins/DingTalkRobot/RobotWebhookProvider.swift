import CSwitchboardABI
import DingTalkWire
import SwitchboardDigest
import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Posts messages to a DingTalk group through its custom robot's webhook.
///
/// Every chat id reaches the same group: the webhook decides where messages go. A
/// send over the per-minute limit fails with `SB_ERR_RATE_LIMITED` and the wait until
/// a place frees up, so the host's outbox sends it then. A refused token or signature
/// marks the channel failed, with the reason in its status.
final class RobotWebhookProvider: Provider {
    private let host: ProviderHost
    private let settings: RobotWebhookSettings
    private var window: SendWindow
    /// Sends waiting for DingTalk, by HTTP request id; failed by stop().
    private var pending: [UInt64: SendCompletion] = [:]

    init(host: ProviderHost, settings: RobotWebhookSettings) throws(ProviderError) {
        self.host = host
        self.settings = settings
        window = SendWindow(host: host, limit: settings.messages_per_minute)
    }

    /// Nothing to connect to: the robot is ready at once.
    func start() throws(ProviderError) {
        host.setStatus(.connected, detail: settings.secret == nil ? "unsigned webhook" : "signed webhook")
    }

    func stop() {
        for (requestID, completion) in pending {
            host.cancelHTTPRequest(requestID)
            completion.fail(ProviderError(code: SB_ERR_SHUTTING_DOWN, message: "the channel is stopping"))
        }
        pending.removeAll()
    }

    func send(_ message: OutgoingMessage, completion: SendCompletion) {
        let now = unixMilliseconds()
        if let wait = window.reserve(at: now) {
            return completion.fail(
                ProviderError(code: SB_ERR_RATE_LIMITED, message: "the robot sent \(settings.messages_per_minute) messages in the last minute"),
                retryAfterMilliseconds: wait
            )
        }
        let body: [UInt8]
        do { body = Array(try JSONEncoder().encode(RobotMessageBody(message.text, isMarkdown: message.isMarkdown))) } catch {
            return completion.fail(.invalidArgument("the message cannot be encoded: \(error)"))
        }
        let request = HostHTTPRequest(method: "POST", url: signedURL(at: now), headers: [("Content-Type", "application/json")], body: body)
        var requestID: UInt64 = 0
        do {
            requestID = try host.send(request) { [unowned self] outcome in
                guard let completion = pending.removeValue(forKey: requestID) else { return }
                finish(outcome, completion: completion)
            }
            pending[requestID] = completion
        } catch {
            completion.fail(.transient("DingTalk cannot be reached: \(error)"))
        }
    }

    private func finish(_ outcome: Result<HostHTTPResponse, HostServiceError>, completion: SendCompletion) {
        switch outcome {
        case let .failure(error):
            completion.fail(.transient("DingTalk cannot be reached: \(error)"))
        case let .success(response):
            guard let answer = RobotAnswer.decode(response.body) else {
                let error: ProviderError = response.status >= 500
                    ? .transient("the robot webhook answered HTTP \(response.status)")
                    : .invalidArgument("the robot webhook answered HTTP \(response.status) without an errcode")
                return completion.fail(error)
            }
            guard !answer.isOK else { return completion.succeed(messageID: nil) }
            var failure = answer.failure
            let reason = answer.errmsg ?? ""
            switch answer.errcode {
            case RobotAnswer.securityRefused where reason.contains("sign not match"):
                host.setStatus(.failed, detail: "DingTalk refused the robot's signature (\(reason)): check settings.secret")
            case RobotAnswer.securityRefused where reason.contains("whitelist"):
                host.setStatus(.failed, detail: "DingTalk refused the host's address (\(reason)): check the robot's IP allowlist")
            case RobotAnswer.securityRefused:
                // A keyword missing from this message, or the clock off by an hour: this send only.
                failure.error = .invalidArgument("DingTalk refused the message (errcode 310000: \(reason))")
            case RobotAnswer.tokenUnknown:
                host.setStatus(.failed, detail: "DingTalk does not know the robot's access token (\(reason)): check settings.webhook_url")
            case RobotAnswer.sentTooFast:
                failure.retryAfterMilliseconds = RobotAnswer.throttlePeriod
            default:
                break
            }
            completion.fail(failure.error, retryAfterMilliseconds: failure.retryAfterMilliseconds)
        }
    }

    /// The webhook with `timestamp` and `sign` when the robot has a secret:
    /// sign = base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")).
    private func signedURL(at timestamp: Int64) -> String {
        guard let secret = settings.secret else { return settings.webhook_url }
        let code = HMACSHA256.authenticationCode(for: "\(timestamp)\n\(secret)", key: secret)
        let sign = Data(code).base64EncodedString()
        return settings.webhook_url + "&timestamp=\(timestamp)&sign=" + queryEncoded(sign)
    }
}
