/// The stream: open connections, the users' messages waiting to be pushed or
/// acknowledged, pings and disconnects.
///
/// Delivery: a message goes to the newest open connection subscribed to robot messages
/// and not told to disconnect, at once or when such a connection opens. It stays
/// unacknowledged until that connection acks its frame with code 200; when the
/// connection ends first, it goes back to the queue and is pushed again, in a new frame
/// with the same data, on the next one. Messages go out in the order users sent them.
extension DingTalkState {
    /// What a connection's writer sends, in order.
    enum Outgoing: Sendable {
        case text(String)
        /// Close the connection (1000) after the disconnect grace, unless it ends first.
        case closeAfterGrace
    }

    struct StreamConnection {
        let session: WebSocketSession
        /// The `connectionId` header of its pushes.
        let connectionID: String
        let host: String
        let subscriptions: [Subscription]
        let outbox: AsyncStream<Outgoing>.Continuation
        /// Pushed and not yet acknowledged, oldest first.
        var inFlight: [(frameMessageID: String, message: QueuedMessage)] = []
        /// Pings sent and not yet answered: opaque by frame messageId.
        var pings: [String: String] = [:]
        /// Told to disconnect: nothing more is pushed to it.
        var disconnecting = false

        var takesRobotMessages: Bool {
            !disconnecting && session.isOpen && subscriptions.contains(.robotMessages)
        }
    }

    /// A user's message, from `userSends` until acknowledged.
    struct QueuedMessage {
        let sequence: Int
        let msgID: String
        let text: String
        let user: DingTalkUser
        let conversation: DingTalkConversation
        let atBot: Bool
        let createAt: Int64
        /// Set by the first push: its data is the same in every push after.
        var pushed: DingTalkInboundMessage?
    }

    /// A `userSends` waiting for its message's first push.
    struct PushWaiter {
        let msgID: String
        let continuation: CheckedContinuation<DingTalkInboundMessage?, Never>
    }

    /// Registers a connection opened with `ticket` (accepted before) and pushes what is
    /// queued; false if the ticket was not accepted.
    func openConnection(_ session: WebSocketSession, ticket: String, outbox: AsyncStream<Outgoing>.Continuation) -> Bool {
        guard let ticket = acceptedTickets.removeValue(forKey: ticket) else { return false }
        connections.append(StreamConnection(
            session: session, connectionID: DingTalkIdentifiers.uuid(), host: ticket.host,
            subscriptions: ticket.subscriptions, outbox: outbox
        ))
        deliver()
        return true
    }

    /// The connection of `session` ended: what it did not acknowledge is queued again
    /// and pushed to the next connection.
    func connectionEnded(_ session: WebSocketSession) {
        guard let index = connections.firstIndex(where: { $0.session === session }) else { return }
        let connection = connections.remove(at: index)
        connection.outbox.finish()
        queue = (connection.inFlight.map(\.message) + queue).sorted { $0.sequence < $1.sequence }
        deliver()
    }

    /// A user writes to the bot: the message is queued and pushed if it can be. Returns
    /// its `msgId`.
    func receive(_ text: String, from user: DingTalkUser, in conversation: DingTalkConversation, atBot: Bool) -> String {
        meet(user, in: conversation)
        let message = QueuedMessage(
            sequence: nextSequence, msgID: "msg" + DingTalkIdentifiers.base64(bytes: 16), text: text, user: user,
            conversation: conversation, atBot: atBot, createAt: DingTalkIdentifiers.nowMilliseconds
        )
        nextSequence += 1
        queue.append(message)
        deliver()
        return message.msgID
    }

    /// The message `msgID` as first pushed, waiting for the push; nil if the task is
    /// cancelled or the simulator reset first.
    func firstPush(of msgID: String) async -> DingTalkInboundMessage? {
        if let pushed = firstPushes[msgID] { return pushed }
        guard isWaiting(msgID) else { return nil }
        let id = nextPushWaiterID
        nextPushWaiterID += 1
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: nil)
                } else {
                    pushWaiters[id] = PushWaiter(msgID: msgID, continuation: continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelPushWaiter(id) }
        }
    }

    /// Handles a text frame from the client of `session`: an ack of a push, or the
    /// answer to a ping. Returns the activity to record, if any.
    func receive(frame text: String, from session: WebSocketSession) -> DingTalkActivity? {
        guard let ack = DingTalkStreamAck(text),
              let index = connections.firstIndex(where: { $0.session === session }) else { return nil }
        if let opaque = connections[index].pings[ack.messageID] {
            guard ack.code == 200, ack.opaque == opaque else { return nil }
            connections[index].pings[ack.messageID] = nil
            return .pong(opaque: opaque)
        }
        if ack.code == 200 {
            connections[index].inFlight.removeAll { $0.frameMessageID == ack.messageID }
        }
        return .acknowledged(frameMessageID: ack.messageID, code: ack.code)
    }

    /// Sends a SYSTEM ping to every open connection; returns the opaques.
    func sendPing() -> [String] {
        var opaques: [String] = []
        for index in connections.indices where connections[index].session.isOpen {
            let messageID = DingTalkIdentifiers.uuid(), opaque = DingTalkIdentifiers.uuid()
            connections[index].pings[messageID] = opaque
            connections[index].outbox.yield(.text(DingTalkStreamFrame.ping(messageID: messageID, opaque: opaque)))
            opaques.append(opaque)
        }
        return opaques
    }

    /// Sends a SYSTEM disconnect to every open connection not told yet, and has it
    /// closed after the grace.
    func sendDisconnect() {
        for index in connections.indices where connections[index].session.isOpen && !connections[index].disconnecting {
            connections[index].disconnecting = true
            let frame = DingTalkStreamFrame.disconnect(messageID: DingTalkIdentifiers.uuid())
            connections[index].outbox.yield(.text(frame))
            connections[index].outbox.yield(.closeAfterGrace)
        }
    }

    var openSessions: [WebSocketSession] {
        connections.map(\.session).filter(\.isOpen)
    }

    /// Messages queued, and pushed but not acknowledged.
    var unacknowledgedCount: Int {
        queue.count + connections.reduce(0) { $0 + $1.inFlight.count }
    }

    /// Pushes every queued message to the newest connection that takes robot messages.
    private func deliver() {
        guard !queue.isEmpty, let index = connections.lastIndex(where: \.takesRobotMessages) else { return }
        let messages = queue
        queue = []
        for message in messages { push(message, on: index) }
    }

    private func push(_ queued: QueuedMessage, on index: Int) {
        var message = queued
        let connection = connections[index]
        let frameMessageID = DingTalkIdentifiers.uuid()
        let pushed = message.pushed ?? firstPush(message, host: connection.host, frameMessageID: frameMessageID)
        message.pushed = pushed
        let frame = DingTalkStreamFrame.callback(
            data: pushed.data, messageID: frameMessageID, appID: settings.clientID, connectionID: connection.connectionID
        )
        connection.outbox.yield(.text(frame))
        connections[index].inFlight.append((frameMessageID, message))
    }

    /// The message as pushed the first time, with a session webhook on `host`; tells
    /// whoever waits for it.
    private func firstPush(_ message: QueuedMessage, host: String, frameMessageID: String) -> DingTalkInboundMessage {
        let expiry = message.createAt + settings.sessionWebhookLifetime.milliseconds
        let webhook = "http://\(host)/robot/sendBySession?session=" + openSessionWebhook(to: message.conversation.id, expiry: expiry)
        let data = DingTalkRobotMessageJSON(
            conversationId: message.conversation.id,
            atUsers: message.atBot ? [.init(dingtalkId: settings.chatbotUserID)] : [],
            chatbotCorpId: DingTalkSimulator.corpID, chatbotUserId: settings.chatbotUserID, msgId: message.msgID,
            senderNick: message.user.nick, isAdmin: false, senderStaffId: message.user.staffID,
            sessionWebhookExpiredTime: expiry, createAt: message.createAt, senderCorpId: DingTalkSimulator.corpID,
            conversationType: message.conversation.kind.rawValue, senderId: message.user.senderID,
            conversationTitle: message.conversation.kind == .group ? message.conversation.title : nil,
            isInAtList: message.atBot, sessionWebhook: webhook, text: .init(content: message.text),
            robotCode: settings.clientID
        )
        let pushed = DingTalkInboundMessage(
            msgID: message.msgID, conversationID: message.conversation.id, frameMessageID: frameMessageID,
            sessionWebhook: webhook, data: DingTalkJSON.text(data)
        )
        firstPushes[message.msgID] = pushed
        for (id, waiter) in pushWaiters where waiter.msgID == message.msgID {
            pushWaiters[id] = nil
            waiter.continuation.resume(returning: pushed)
        }
        return pushed
    }

    /// Whether `msgID` is queued or in flight: a push may still come.
    private func isWaiting(_ msgID: String) -> Bool {
        queue.contains { $0.msgID == msgID } || connections.contains { $0.inFlight.contains { $0.message.msgID == msgID } }
    }

    private func cancelPushWaiter(_ id: Int) {
        pushWaiters.removeValue(forKey: id)?.continuation.resume(returning: nil)
    }
}
