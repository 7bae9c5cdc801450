public import Logging

/// Sends messages to the platform a channel is connected to.
public protocol ReplyTransport: Sendable {
    /// Sends `message` on its channel; throws when the channel cannot deliver it.
    func send(_ message: OutboundMessage) async throws
}

/// Hands each inbound message to its channel's agent and sends the reply back.
///
/// Messages are handled one at a time, in the order they were accepted.
public final class MessageRouter: Sendable {
    private let agents: [String: any Agent]
    private let inbox: AsyncStream<InboundMessage>
    private let inboxWriter: AsyncStream<InboundMessage>.Continuation
    private let logger: Logger

    /// - Parameter agents: the agent serving each channel, by channel id.
    public init(agents: [String: any Agent], logger: Logger) {
        self.agents = agents
        self.logger = logger
        (inbox, inboxWriter) = AsyncStream.makeStream(of: InboundMessage.self)
    }

    /// Queues a message for handling. Returns false once the router has finished.
    /// Thread-safe.
    @discardableResult
    public func accept(_ message: InboundMessage) -> Bool {
        if case .enqueued = inboxWriter.yield(message) { return true }
        return false
    }

    /// Handles queued messages until `finish()` is called and the queue is empty.
    public func run(transport: some ReplyTransport) async {
        for await message in inbox {
            await handle(message, transport: transport)
        }
    }

    /// Stops accepting messages; `run` returns after the queued ones.
    public func finish() {
        inboxWriter.finish()
    }

    private func handle(_ message: InboundMessage, transport: some ReplyTransport) async {
        guard let agent = agents[message.channelID] else {
            logger.error("no agent for channel", metadata: ["channel": "\(message.channelID)"])
            return
        }
        do {
            let text = try await agent.reply(to: message)
            guard !text.isEmpty else { return }
            try await transport.send(.reply(to: message, text: text))
        } catch {
            logger.warning(
                "reply failed",
                metadata: ["channel": "\(message.channelID)", "chat": "\(message.chatID)", "error": "\(error)"]
            )
        }
    }
}
