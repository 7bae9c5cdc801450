import Foundation
@testable import SwitchboardCore

/// The platform side of the emitter's seam, as a test scripts it: keeps the messages
/// and streams users would see, counts every call, and fails the calls a test names.
final class ScriptedSurface: ReplySurface, @unchecked Sendable {
    enum Call: Equatable {
        case send, edit, typing, begin, update, finish
    }

    private let lock = NSLock()
    private(set) var calls: [Call] = []
    /// Message id → the text users see.
    private(set) var messages: [String: String] = [:]
    /// The order messages were created in.
    private(set) var order: [String] = []
    /// Stream id → the deltas appended.
    private(set) var streams: [String: String] = [:]
    private(set) var finishedStreams: [String: String] = [:]
    /// Calls that fail: the call kind and its 1-based number among calls of that kind.
    var failures: [Call: [Int: ReplySendError]] = [:]
    /// When given, each edit's time and text are kept.
    var clock: ManualClock?
    private(set) var editTimes: [(at: Duration, text: String)] = []

    func count(_ call: Call) -> Int { lock.withLock { calls.filter { $0 == call }.count } }

    /// What users see, message after message.
    var visibleTexts: [String] { lock.withLock { order.map { messages[$0] ?? "" } } }

    private func record(_ call: Call) throws(ReplySendError) {
        let number: Int = lock.withLock {
            calls.append(call)
            return calls.filter { $0 == call }.count
        }
        if let failure = failures[call]?[number] { throw failure }
    }

    private func newMessage(_ text: String) -> String {
        lock.withLock {
            let id = "m\(order.count + 1)"
            messages[id] = text
            order.append(id)
            return id
        }
    }

    func capabilities(of channelID: String) async -> ProviderCapabilities? { nil }

    func send(_ message: OutboundMessage) async throws(ReplySendError) -> String? {
        try record(.send)
        return newMessage(message.text)
    }

    func edit(messageID: String, in target: ReplyTarget, text: String) async throws(ReplySendError) {
        try record(.edit)
        let at = clock?.now.offset ?? .zero
        lock.withLock {
            messages[messageID] = text
            editTimes.append((at, text))
        }
    }

    func showTyping(in target: ReplyTarget) async throws(ReplySendError) {
        try record(.typing)
    }

    func beginStream(in target: ReplyTarget) async throws(ReplySendError) -> String {
        try record(.begin)
        return lock.withLock {
            let id = "s\(streams.count + 1)"
            streams[id] = ""
            return id
        }
    }

    /// The statuses streams carried, in order.
    private(set) var statuses: [String] = []

    func updateStream(_ streamID: String, in target: ReplyTarget, fullText: String, delta: String, status: String?) async throws(ReplySendError) {
        try record(.update)
        lock.withLock {
            streams[streamID, default: ""] += delta
            if let status { statuses.append(status) }
        }
    }

    func finishStream(_ streamID: String, in target: ReplyTarget, finalText: String, failed: Bool) async throws(ReplySendError) -> String? {
        try record(.finish)
        lock.withLock { finishedStreams[streamID] = finalText }
        return newMessage(finalText)
    }
}

/// An agent answer as a test scripts it: tokens released one per call, each after the
/// clock moved on by `interval`, so time advances with the stream and only when the
/// emitter asks for the next token.
func scriptedAnswer(_ tokens: [String], every interval: Duration, on clock: ManualClock,
                    failingWith error: (any Error)? = nil) -> AsyncThrowingStream<AgentEvent, any Error> {
    let state = TokenCursor()
    return AsyncThrowingStream {
        let index = state.next()
        if index > 0 { clock.advance(by: interval) }
        if index < tokens.count { return .text(tokens[index]) }
        if let error { throw error }
        return nil
    }
}

/// Agent events as a test scripts them: before each, the clock moves on by its wait, a
/// second at a time, letting the emitter's other tasks run in between.
func scriptedEvents(_ steps: [(after: Duration, event: AgentEvent)], on clock: ManualClock) -> AsyncThrowingStream<AgentEvent, any Error> {
    let cursor = TokenCursor()
    return AsyncThrowingStream {
        let index = cursor.next()
        guard index < steps.count else { return nil }
        var remaining = steps[index].after
        while remaining > .zero {
            let step = min(remaining, .seconds(1))
            clock.advance(by: step)
            remaining -= step
            await Task.yield()
        }
        return steps[index].event
    }
}

final class TokenCursor: @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0
    func next() -> Int { lock.withLock { defer { position += 1 }; return position } }
}
