/// A frame the stream gateway sends, as JSON text:
/// `{"specVersion":"1.0","type":…,"headers":{…},"data":"<JSON text>"}`.
struct DingTalkStreamFrame: Encodable {
    /// The topic robot messages are pushed on, a CALLBACK subscription.
    static let robotMessageTopic = "/v1.0/im/bot/messages/get"

    struct Headers: Encodable {
        var appId: String?
        var connectionId: String?
        var contentType = "application/json"
        let messageId: String
        let time: String
        let topic: String
    }

    var specVersion = "1.0"
    let type: String
    let headers: Headers
    let data: String

    /// A robot message pushed on `robotMessageTopic`.
    static func callback(data: String, messageID: String, appID: String, connectionID: String) -> String {
        let headers = Headers(
            appId: appID, connectionId: connectionID, messageId: messageID, time: now, topic: robotMessageTopic
        )
        return DingTalkJSON.text(DingTalkStreamFrame(type: "CALLBACK", headers: headers, data: data))
    }

    /// A SYSTEM ping; the client answers with `opaque`.
    static func ping(messageID: String, opaque: String) -> String {
        system(topic: "ping", messageID: messageID, data: DingTalkJSON.text(["opaque": opaque]))
    }

    /// A SYSTEM disconnect: the gateway will close the connection.
    static func disconnect(messageID: String) -> String {
        system(topic: "disconnect", messageID: messageID, data: DingTalkJSON.text(["reason": "server is going to restart"]))
    }

    private static func system(topic: String, messageID: String, data: String) -> String {
        let headers = Headers(messageId: messageID, time: now, topic: topic)
        return DingTalkJSON.text(DingTalkStreamFrame(type: "SYSTEM", headers: headers, data: data))
    }

    private static var now: String { String(DingTalkIdentifiers.nowMilliseconds) }
}

/// What a client sends back for a frame:
/// `{"code":200,"headers":{"contentType","messageId"},"message":"OK","data":"<JSON text>"}`.
/// Read leniently, as the SDKs differ: some echo every header of the frame, some leave
/// out `contentType`; only `code`, `headers.messageId` and `data` matter.
struct DingTalkStreamAck: Equatable {
    let code: Int
    let messageID: String
    /// `data` when it is text; nil otherwise.
    let data: String?

    /// Nil when `text` is not an ack: not a JSON object, or without a code or messageId.
    init?(_ text: String) {
        guard let frame = DingTalkJSONObject(json: text), let code = frame.integer("code"),
              let messageID = frame.object("headers")?.string("messageId") else { return nil }
        self.code = code
        self.messageID = messageID
        data = frame.string("data")
    }

    /// The `opaque` in `data`, an answer to a ping.
    var opaque: String? {
        data.flatMap { DingTalkJSONObject(json: $0) }?.string("opaque")
    }
}
