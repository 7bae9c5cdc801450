/// Something that answers users: a language model, a local program, or the echo agent.
///
/// Implementation requirements: `reply(to:)` may be called for many chats at once;
/// it must not assume it sees every message of a chat in one call.
public protocol Agent: Sendable {
    /// The reply to one user message.
    func reply(to message: InboundMessage) async throws -> String
}

/// The embedded default agent: answers every message with its own text.
public struct EchoAgent: Agent {
    public init() {}

    public func reply(to message: InboundMessage) async throws -> String {
        message.text
    }
}
