/// Session webhooks and the messages the bot sent, by conversation.
extension DingTalkState {
    /// Where a session webhook posts, and until when (milliseconds since 1970).
    struct SessionWebhook {
        let conversationID: String
        let expiry: Int64
    }

    /// A new session webhook to `conversationID`; returns its `session` parameter.
    func openSessionWebhook(to conversationID: String, expiry: Int64) -> String {
        let session = DingTalkIdentifiers.hex()
        sessionWebhooks[session] = SessionWebhook(conversationID: conversationID, expiry: expiry)
        return session
    }

    /// The conversation of session webhook `session`, if it exists and has not expired.
    func conversation(ofSession session: String) -> String? {
        guard let webhook = sessionWebhooks[session], DingTalkIdentifiers.nowMilliseconds < webhook.expiry else { return nil }
        return webhook.conversationID
    }

    func expireSessionWebhooks() {
        sessionWebhooks = [:]
    }

    /// Records `message` in its conversation.
    func record(_ message: DingTalkBotMessage) {
        guard let conversationID = message.conversationID else { return }
        botMessages[conversationID, default: []].append(message)
    }

    func messages(inConversation conversationID: String) -> [DingTalkBotMessage] {
        botMessages[conversationID] ?? []
    }

    /// batchSend: records `content` in the single chat of each user who wrote to the
    /// bot; returns the messages recorded and the staff ids of the others.
    func sendToUsers(_ staffIDs: [String], _ content: DingTalkMessageContent) -> (sent: [DingTalkBotMessage], invalid: [String]) {
        var sent: [DingTalkBotMessage] = [], invalid: [String] = []
        for staffID in staffIDs {
            guard let user = users[staffID] else {
                invalid.append(staffID)
                continue
            }
            let conversation = DingTalkConversation.single(with: user)
            conversations[conversation.id] = conversation
            let message = content.message(by: .batchSend, to: conversation.id)
            record(message)
            sent.append(message)
        }
        return (sent, invalid)
    }

    /// groupMessages: records `content` in the group, if a user wrote in it.
    func sendToGroup(_ conversationID: String, _ content: DingTalkMessageContent) throws(DingTalkAPIError) -> DingTalkBotMessage {
        guard conversations[conversationID]?.kind == .group else { throw .invalidParameter("openConversationId") }
        let message = content.message(by: .groupMessages, to: conversationID)
        record(message)
        return message
    }
}
