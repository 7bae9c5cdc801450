import Foundation
import SwitchboardCore
import SwitchboardHTTP
import Synchronization
import Testing
@testable import SwitchboardStore

/// A turn of user 7 ("ada") in conversation 42, with two earlier messages.
func sampleTurn(
    text: String = "What is 2 + 2?",
    mode: ConversationRecord.Mode = .chat,
    history: [HistoryEntry] = [HistoryEntry(role: .user, text: "Hi"), HistoryEntry(role: .assistant, text: "Hello!")]
) -> AgentTurn {
    AgentTurn(
        message: InboundMessage(channelID: "main-bot", messageID: "m-9", chatID: "chat-1", chatType: .private,
                                senderID: "42", senderName: "Ada L.", text: text, timestampMilliseconds: 1_700_000_000_000),
        user: UserRecord(id: 7, username: "ada", email: "ada@example.com", displayName: "Ada Lovelace", authSource: "telegram"),
        conversation: ConversationRecord(id: 42, userID: 7, mode: mode, title: "Arithmetic", originChannelID: "main-bot",
                                         lastActiveAt: Date(timeIntervalSince1970: 0)),
        history: history
    )
}

/// A client that ignores any proxy the environment names: the test servers are on loopback.
func loopbackClient() -> HTTPClient {
    HTTPClient(proxy: "")
}

/// What a turn produced: its events, in order, and the error it ended with, if any.
struct TurnOutcome {
    var events: [AgentEvent] = []
    var error: (any Error)?

    /// The text events joined.
    var text: String {
        events.reduce(into: "") { text, event in
            if case .text(let piece) = event { text += piece }
        }
    }

    var agentError: AgentError? {
        error as? AgentError
    }
}

/// Runs `agent` on `turn` to the end.
func outcome(of agent: some Agent, turn: AgentTurn = sampleTurn()) async -> TurnOutcome {
    var outcome = TurnOutcome()
    do {
        for try await event in agent.respond(to: turn) {
            outcome.events.append(event)
        }
    } catch {
        outcome.error = error
    }
    return outcome
}

/// Whether `operation` finishes within `limit`: a bound on waits for things that should
/// happen at once, so a broken test fails instead of hanging. The operation is left
/// running when it does not finish.
func finishes(within limit: Duration, _ operation: @escaping @Sendable () async -> Void) async -> Bool {
    await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let answer = FirstAnswer(continuation)
        Task {
            await operation()
            answer.give(true)
        }
        Task {
            try? await Task.sleep(for: limit)
            answer.give(false)
        }
    }
}

/// Resumes a continuation with the first answer given; later ones are dropped.
private final class FirstAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = Mutex(continuation)
    }

    func give(_ answer: Bool) {
        continuation.withLock { $0.take() }?.resume(returning: answer)
    }
}

/// The JSON object in `bytes`.
func jsonObject(_ bytes: [UInt8]) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
}

/// Consumes `agent`'s answer until its first event, then cancels the consuming task.
func cancelAfterFirstEvent(of agent: some Agent) async {
    let (started, startedContinuation) = AsyncStream<Void>.makeStream()
    let consumer = Task {
        for try await _ in agent.respond(to: sampleTurn()) {
            startedContinuation.yield()
        }
    }
    for await _ in started { break }
    consumer.cancel()
}
