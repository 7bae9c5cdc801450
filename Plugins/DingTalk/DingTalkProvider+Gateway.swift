import CSwitchboardABI
import DingTalkWire
import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Stream mode: a ticket from `connections/open`, then a WebSocket to the endpoint it
/// names. Every robot message is acknowledged once the host has stored it, so a
/// message lost with a connection comes again on the next one. A SYSTEM `ping` is
/// answered with its opaque; a SYSTEM `disconnect` means DingTalk is moving the
/// connection: a new one is opened at once, with a new ticket. A connection that
/// fails or drops makes the channel disconnected, and the host starts it again after
/// its backoff.
extension DingTalkProvider {
    /// What the channel tells DingTalk it is.
    static let userAgent = "switchboard-dingtalk/1.0.0"
    /// WebSocket pings while the gateway is quiet: a dead connection shows within two.
    static let keepAliveInterval: Duration = .seconds(30)
    /// The largest frame accepted from the gateway.
    static let maxFrameSize = 4 << 20

    /// Asks for a ticket and connects with it. [instance-executor]
    func openGatewayConnection() {
        guard !isStopped else { return }
        let request = OpenConnectionRequest(
            clientId: settings.client_id, clientSecret: settings.client_secret,
            subscriptions: [.init(type: "CALLBACK", topic: DataFrame.robotMessageTopic)], ua: Self.userAgent
        )
        api.request("POST", "/v1.0/gateway/connections/open", request, returning: OpenConnectionAnswer.self) { [unowned self] result in
            switch result {
            case let .success(answer): connect(to: answer)
            case let .failure(error): lose(error, while: "opening a gateway connection")
            }
        }
    }

    /// Closes the gateway connection, if any; acknowledgements still due on it are
    /// dropped (DingTalk delivers those messages again). [instance-executor]
    func closeGateway() {
        connectionGeneration += 1
        guard let gateway else { return }
        host.closeWebSocket(gateway)
        self.gateway = nil
    }

    private func connect(to answer: OpenConnectionAnswer) {
        guard !isStopped else { return }
        closeGateway()
        isReplacingGateway = false
        let generation = connectionGeneration
        let separator = answer.endpoint.contains("?") ? "&" : "?"
        let url = answer.endpoint + separator + "ticket=" + queryEncoded(answer.ticket)
        let handler = HostWebSocketHandler(
            onOpen: { [unowned self] in
                guard generation == connectionGeneration else { return }
                host.setStatus(.connected)
                host.log(.notice, "connected to DingTalk's stream gateway")
            },
            onMessage: { [unowned self] message in
                guard generation == connectionGeneration else { return }
                receive(message, generation: generation)
            },
            onClose: { [unowned self] ending in
                guard generation == connectionGeneration, !isStopped else { return }
                gateway = nil
                // DingTalk closing a connection it asked to move: the new one is on its way.
                guard !isReplacingGateway else { return }
                let detail = switch ending {
                case let .closed(code): "the gateway closed the connection (code \(code))"
                case let .failed(error): "the gateway connection failed: \(error)"
                }
                host.setStatus(.disconnected, detail: detail)
            }
        )
        do {
            gateway = try host.openWebSocket(url: url, pingInterval: Self.keepAliveInterval, maxMessageSize: Self.maxFrameSize, handler: handler)
        } catch {
            host.setStatus(.disconnected, detail: "cannot open the gateway connection: \(error)")
        }
    }

    private func receive(_ message: HostWebSocketMessage, generation: Int) {
        guard case let .text(text) = message,
              let frame = try? JSONDecoder().decode(DataFrame.self, from: Data(text.utf8)), let messageID = frame.messageID else {
            return host.log(.warning, "the gateway sent something that is not a stream frame; ignored")
        }
        switch (frame.type, frame.topic) {
        case ("SYSTEM", "ping"):
            acknowledge(messageID, generation: generation, data: frame.data ?? "")
        case ("SYSTEM", "disconnect"):
            host.log(.info, "DingTalk is moving the gateway connection (\(frame.data ?? "no reason")); reconnecting")
            acknowledge(messageID, generation: generation)
            host.setStatus(.connecting, detail: "DingTalk asked the channel to reconnect")
            isReplacingGateway = true
            openGatewayConnection()
        case ("CALLBACK", DataFrame.robotMessageTopic):
            receiveRobotMessage(frame.data, messageID: messageID, generation: generation)
        case ("EVENT", _):
            acknowledge(messageID, generation: generation)
        default:
            host.log(.info, "no handler for \(frame.type) frames on topic \(frame.topic ?? "none"); refused")
            acknowledge(messageID, generation: generation, code: 404, message: "no handler for this topic")
        }
    }

    /// Hands a robot message to the host and acknowledges it once stored. One that is
    /// not text, or not readable, is acknowledged and dropped: sending it again would
    /// not help.
    private func receiveRobotMessage(_ data: String?, messageID: String, generation: Int) {
        guard let data, let message = try? JSONDecoder().decode(RobotMessage.self, from: Data(data.utf8)) else {
            host.log(.warning, "a robot message frame without a readable message; acknowledged and dropped")
            return acknowledge(messageID, generation: generation)
        }
        conversations.learn(from: message)
        guard let text = message.typedText else {
            host.log(.info, "ignored a \(message.msgtype) message in conversation \(message.conversationId): only text is supported")
            return acknowledge(messageID, generation: generation)
        }
        let incoming = IncomingMessage(
            messageID: message.msgId, chatID: message.conversationId, chatType: message.isGroup ? .group : .private,
            senderID: message.senderStaffId.flatMap { $0.isEmpty ? nil : $0 } ?? message.senderId, senderName: message.senderNick,
            text: text, mentionsBot: message.isInAtList ?? false, timestampMilliseconds: message.createAt ?? 0,
            rawJSON: RobotMessage.withoutSessionWebhook(data)
        )
        host.deliver(incoming) { [unowned self] outcome in
            switch outcome {
            case .stored, .duplicate:
                acknowledge(messageID, generation: generation)
            case let .rejected(code, reason) where code == SB_ERR_INVALID_ARGUMENT:
                // Sending it again would not make it valid.
                host.log(.warning, "message \(message.msgId) was refused (\(reason ?? "invalid")); acknowledged and dropped")
                acknowledge(messageID, generation: generation)
            case let .rejected(code, reason):
                host.log(.warning, "message \(message.msgId) was not stored (\(code): \(reason ?? "no reason")); DingTalk will deliver it again")
            }
        }
    }

    /// Answers a frame on the connection it came on, if that is still the current one.
    private func acknowledge(_ messageID: String, generation: Int, code: Int = 200, message: String = "OK",
                             data: String = #"{"response":null}"#) {
        guard generation == connectionGeneration, let gateway else { return }
        let ack = AckFrame(answering: messageID, code: code, message: message, data: data)
        do {
            try host.send(.text(ack.text), onWebSocket: gateway)
        } catch {
            host.log(.warning, "cannot acknowledge frame \(messageID): \(error); DingTalk will send it again")
        }
    }

    /// Reports a failure of the channel's own calls: wrong credentials or a refusal
    /// that will not change stops the channel; anything else is a lost link, which the
    /// host answers by starting the channel again after its backoff. [instance-executor]
    func lose(_ error: DingTalkAPIError, while doing: String) {
        guard !isStopped else { return }
        if error.isBadCredentials {
            host.setStatus(.failed, detail: "DingTalk rejected the app's credentials (\(error)): check settings.client_id and settings.client_secret")
        } else if error.isTransient || error.isMalformed {
            host.setStatus(.disconnected, detail: "\(doing): \(error)")
        } else {
            host.setStatus(.failed, detail: "\(doing): \(error)")
        }
    }
}
