public import SwitchboardStore

/// Everything an agent is told for one turn: the user's message, who sent it, and
/// the conversation so far.
public struct AgentTurn: Sendable {
    public var message: InboundMessage
    /// The Switchboard user who wrote it.
    public var user: UserRecord
    public var conversation: ConversationRecord
    /// The conversation's context before this message, oldest first.
    public var history: [HistoryEntry]

    public init(message: InboundMessage, user: UserRecord, conversation: ConversationRecord, history: [HistoryEntry]) {
        self.message = message
        self.user = user
        self.conversation = conversation
        self.history = history
    }
}

/// Something that answers users: a language model, a local program, or the echo agent.
///
/// Implementation requirements: `reply(to:)` may be called for many chats at once; it
/// must not keep per-chat state of its own (the turn carries the history).
public protocol Agent: Sendable {
    /// The reply to one turn.
    func reply(to turn: AgentTurn) async throws -> String
}

/// The embedded default agent: answers every message with its own text.
public struct EchoAgent: Agent {
    /// How long it pretends to think before answering.
    public let delay: Duration

    public init(delay: Duration = .zero) {
        self.delay = delay
    }

    public func reply(to turn: AgentTurn) async throws -> String {
        if delay > .zero { try await Task.sleep(for: delay) }
        return turn.message.text
    }
}
