import CSwitchboardABI
public import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The answer of DingTalk's older robot endpoints (session webhooks, custom robot
/// webhooks): HTTP 200 with `{"errcode":0,"errmsg":"ok"}`, or another errcode.
public struct RobotAnswer: Decodable, Sendable {
    public var errcode: Int
    public var errmsg: String?

    /// The session webhook has expired or never existed.
    public static let sessionGone = 300001
    /// The custom robot's access token is unknown (the robot was removed).
    public static let tokenUnknown = 300001
    /// A custom robot's security settings refused the message: the signature or its
    /// timestamp, a keyword the text lacks, or an address not on the allowlist.
    public static let securityRefused = 310000
    /// More than 20 messages in a minute: the robot is then silenced for `throttlePeriod`.
    public static let sentTooFast = 130101
    /// How long DingTalk silences a robot that sent too fast, in milliseconds.
    public static let throttlePeriod: Int64 = 600_000
    /// The robot's daily or per-minute quota is used up.
    public static let quotaExceeded = 90030
    /// DingTalk is busy.
    public static let systemBusy = -1

    /// The answer in `body`, or nil when it holds no errcode (a proxy's page, say).
    public static func decode(_ body: [UInt8]) -> RobotAnswer? {
        try? JSONDecoder().decode(RobotAnswer.self, from: Data(body))
    }

    public var isOK: Bool { errcode == 0 }

    /// The failure in the host's terms, with the wait DingTalk implies (a minute for
    /// its limits; a robot that sent too fast waits `throttlePeriod` instead).
    public var failure: (error: ProviderError, retryAfterMilliseconds: Int64) {
        let text = "DingTalk answered errcode \(errcode): \(errmsg ?? "no errmsg")"
        switch errcode {
        case Self.sentTooFast, Self.quotaExceeded: return (ProviderError(code: SB_ERR_RATE_LIMITED, message: text), 60_000)
        case Self.systemBusy: return (.transient(text), 0)
        case Self.securityRefused: return (.authentication(text), 0)
        default: return (.invalidArgument(text), 0)
        }
    }
}
