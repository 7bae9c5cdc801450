import Hummingbird

/// A refusal of the new API (api.dingtalk.com): an HTTP status and
/// `{"requestid":"<UUID>","code":…,"message":…}`.
struct DingTalkAPIError: Error, Equatable {
    let status: Int
    let code: String
    let message: String

    /// accessToken: the appKey or appSecret is wrong.
    static let invalidClientIDOrSecret = DingTalkAPIError(
        status: 400, code: "invalidClientIdOrSecret", message: "无效的clientId或者clientSecret"
    )
    /// connections/open: the clientId or clientSecret is wrong.
    static let authFailed = DingTalkAPIError(status: 401, code: "authFailed", message: "鉴权失败")
    /// An API needing `x-acs-dingtalk-access-token` got none, or one not valid now.
    static let invalidAuthentication = DingTalkAPIError(
        status: 400, code: "InvalidAuthentication", message: "不合法的access_token"
    )
    /// A card the bot never created.
    static let cardInstanceNotExist = DingTalkAPIError(status: 400, code: "cardInstanceNotExist", message: "卡片实例不存在")
    /// A streaming update to a card already finalized.
    static let cardStreamingFinished = DingTalkAPIError(
        status: 400, code: "cardStreamingFinished", message: "卡片流式更新已结束"
    )

    /// 400 "MissingParameter": the body is not JSON, or lacks `name`.
    static func missingParameter(_ name: String) -> DingTalkAPIError {
        DingTalkAPIError(status: 400, code: "MissingParameter", message: "\(name) is mandatory for this action.")
    }

    /// 400 "InvalidParameter" (the stream gateway's spelling).
    static func invalidGatewayParameter(_ name: String) -> DingTalkAPIError {
        DingTalkAPIError(status: 400, code: "InvalidParameter", message: "Specified parameter \(name) is not valid.")
    }

    /// 400 "invalidParameter.<name>" (the robot and card APIs' spelling).
    static func invalidParameter(_ name: String) -> DingTalkAPIError {
        DingTalkAPIError(status: 400, code: "invalidParameter.\(name)", message: "Specified parameter \(name) is not valid.")
    }

    /// 400 "invalidParameter" (card streaming's spelling: no parameter named).
    static func invalidStreamingParameter(_ name: String) -> DingTalkAPIError {
        DingTalkAPIError(status: 400, code: "invalidParameter", message: "Specified parameter \(name) is not valid.")
    }

    /// The body: `{"code","message","requestid"}`.
    struct Body: Encodable {
        let requestid: String
        let code: String
        let message: String
    }

    var body: Body {
        Body(requestid: DingTalkIdentifiers.requestID(), code: code, message: message)
    }
}

extension Response {
    /// The refusal's status and body.
    static func dingTalk(_ error: DingTalkAPIError) -> Response {
        .dingTalkJSON(error.body, status: error.status)
    }
}
