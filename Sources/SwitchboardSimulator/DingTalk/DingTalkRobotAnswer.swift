import Hummingbird

/// An answer of the old robot API (oapi.dingtalk.com: session webhooks and custom
/// robots): always HTTP 200, with `{"errcode":N,"errmsg":…}`; errcode 0 is success.
struct DingTalkRobotAnswer: Error, Equatable, Encodable {
    let errcode: Int
    let errmsg: String

    static let ok = DingTalkRobotAnswer(errcode: 0, errmsg: "ok")
    /// A session webhook unknown or expired.
    static let sessionNotFound = DingTalkRobotAnswer(errcode: 300001, errmsg: "session 不存在")
    /// A custom robot's access_token unknown.
    static let tokenNotFound = DingTalkRobotAnswer(errcode: 300001, errmsg: "token is not exist")
    /// A custom robot with a secret, and no signature, a wrong one, or an old timestamp.
    static let signNotMatch = DingTalkRobotAnswer(
        errcode: 310000, errmsg: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"
    )
    /// The body is not JSON, its msgtype is not one served, or the content is missing.
    static let missingJSON = DingTalkRobotAnswer(errcode: 40035, errmsg: "缺少参数 json")
    /// The content is longer than `DingTalkMessageContent.maxLength`.
    static let messageTooLong = DingTalkRobotAnswer(errcode: 460101, errmsg: "message too long")

    /// A custom robot sent more than `limit` messages in the rate window.
    static func sendTooFast(limit: Int) -> DingTalkRobotAnswer {
        DingTalkRobotAnswer(errcode: 130101, errmsg: "send too fast, exceed \(limit) times per minute")
    }
}

extension Response {
    /// HTTP 200 and the answer.
    static func dingTalkRobot(_ answer: DingTalkRobotAnswer) -> Response {
        .dingTalkJSON(answer)
    }
}
