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

/// What an agent produces while it works, in order.
public enum AgentEvent: Sendable, Equatable {
    /// Progress to show, such as "analyzing the issue".
    case status(String)
    /// A piece of the agent's reasoning, shown as thinking where the platform can.
    case thinking(String)
    /// A piece of the answer.
    case text(String)
}

/// An agent's failure: a short message for the user, and the detail for operators
/// (the channel's status shows it).
public struct AgentError: Error, Sendable, CustomStringConvertible {
    public let userMessage: String
    public let detail: String

    public init(userMessage: String, detail: String) {
        self.userMessage = userMessage
        self.detail = detail
    }

    public var description: String { detail }
}

/// Something that answers users: a language model, a local program, or the echo agent.
///
/// Implementation requirements: `respond(to:)` may be called for many chats at once; it
/// must not keep per-chat state of its own (the turn carries the history). The stream
/// ends when the answer is complete, and throws (an `AgentError` where possible) when
/// the agent fails; cancelling the consuming task must stop the work.
public protocol Agent: Sendable {
    /// The events of one turn.
    func respond(to turn: AgentTurn) -> AsyncThrowingStream<AgentEvent, any Error>
}

/// The embedded default agent: answers every message with its own text, streamed
/// word by word, so streaming is visible without any credentials.
public struct EchoAgent: Agent {
    /// How long it pretends to think before answering.
    public let delay: Duration
    /// The pause between words.
    public let wordInterval: Duration

    public init(delay: Duration = .zero, wordInterval: Duration = .zero) {
        self.delay = delay
        self.wordInterval = wordInterval
    }

    public func respond(to turn: AgentTurn) -> AsyncThrowingStream<AgentEvent, any Error> {
        let text = turn.message.text, delay = delay, wordInterval = wordInterval
        return .produced { continuation in
            if delay > .zero { try await Task.sleep(for: delay) }
            for (index, word) in Self.words(of: text).enumerated() {
                if index > 0, wordInterval > .zero { try await Task.sleep(for: wordInterval) }
                continuation.yield(.text(word))
            }
        }
    }

    /// The text cut after each run of spaces, so the pieces join back to the text.
    static func words(of text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if !character.isWhitespace, current.last?.isWhitespace == true {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

extension AsyncThrowingStream where Element == AgentEvent, Failure == any Error {
    /// The events `produce` yields, produced in a task of their own that is cancelled
    /// when the consumer stops listening. The stream ends when `produce` returns, and
    /// throws what it throws.
    package static func produced(by produce: @escaping @Sendable (Continuation) async throws -> Void) -> Self {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await produce(continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
