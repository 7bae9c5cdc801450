/// A user's message as DingTalk pushes it to a robot: a CALLBACK frame's `data`.
struct DingTalkRobotMessageJSON: Encodable {
    struct AtUser: Encodable {
        let dingtalkId: String
    }

    struct Text: Encodable {
        let content: String
    }

    let conversationId: String
    let atUsers: [AtUser]
    let chatbotCorpId: String
    let chatbotUserId: String
    let msgId: String
    let senderNick: String
    let isAdmin: Bool
    let senderStaffId: String
    let sessionWebhookExpiredTime: Int64
    let createAt: Int64
    let senderCorpId: String
    let conversationType: String
    let senderId: String
    /// Groups only.
    let conversationTitle: String?
    let isInAtList: Bool
    let sessionWebhook: String
    let text: Text
    var msgtype = "text"
    let robotCode: String
}
