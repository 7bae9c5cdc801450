import Foundation

/// The state of one reply being shown; see `ReplyEmitter`. Lives in one task.
struct EmitterSession<C: Clock> where C.Duration == Duration {
    let surface: any ReplySurface
    let settings: StreamingSettings
    let clock: C
    let target: ReplyTarget
    let strategy: ReplyStrategy
    let chunker: MessageChunker
    let showsTyping: Bool

    /// Everything the agent has written so far.
    private(set) var answer = ""
    /// Whether a streaming operation failed; the rest is then sent whole at the end.
    private(set) var fellBack = false

    /// One platform message (or stream) of the reply and the part of the answer it shows.
    private struct Part {
        let id: String
        var body: String
        var finished = false
    }

    private var parts: [Part] = []
    /// The edit strategy's placeholder, until the first text replaces it.
    private var placeholderID: String?
    /// The draft strategy's preview.
    private var draftID: String?
    /// How much of the answer the block strategy has sent, in UTF-8 bytes.
    private var blockSent = 0
    private var renderedLength = 0
    private var lastRender: C.Instant?
    private var lastTyping: C.Instant?

    init(surface: any ReplySurface, settings: StreamingSettings, clock: C, target: ReplyTarget, strategy: ReplyStrategy,
         chunker: MessageChunker, showsTyping: Bool) {
        self.surface = surface
        self.settings = settings
        self.clock = clock
        self.target = target
        self.strategy = strategy
        self.chunker = chunker
        self.showsTyping = showsTyping
    }

    private var isStreaming: Bool { [.native, .draft, .append, .edit].contains(strategy) && !fellBack }

    // MARK: Events

    mutating func start() async {
        await keepAlive()
        do {
            switch strategy {
            case .edit: placeholderID = try await perform { try await $0.send(target.message(settings.placeholder)) } ?? ""
            case .draft: draftID = try await perform { try await $0.beginStream(in: target) }
            case .native, .append, .block, .sync: break
            }
        } catch {
            fallBack()
        }
    }

    mutating func append(_ piece: String) async {
        answer += piece
        if strategy == .block {
            await sendFinishedParagraphs()
        } else if isStreaming {
            await renderIfDue(flushing: false)
        }
    }

    mutating func showStatus(_ status: String) async {
        guard strategy == .edit, isStreaming, answer.isEmpty, let placeholderID, isDue else {
            await keepAlive()
            return
        }
        lastRender = clock.now
        do { try await perform { try await $0.edit(messageID: placeholderID, in: target, text: "⏳ \(status)") } } catch { fallBack() }
    }

    /// Renews the typing indicator while nothing of the answer is visible yet.
    mutating func keepAlive() async {
        guard showsTyping, visible.isEmpty else { return }
        if let lastTyping, lastTyping.duration(to: clock.now) < settings.typingInterval { return }
        lastTyping = clock.now
        try? await surface.showTyping(in: target)
    }

    mutating func tick() async {
        await keepAlive()
        if isStreaming { await renderIfDue(flushing: true) }
    }

    mutating func finish(agentError: (any Error)?) async -> EmittedReply {
        if isStreaming { await render(final: true) }
        let undelivered: String
        switch strategy {
        case .sync: undelivered = answer
        case .block: undelivered = String(decoding: answer.utf8.dropFirst(blockSent), as: UTF8.self)
        case .native, .draft, .append, .edit:
            undelivered = fellBack ? String(decoding: answer.utf8.dropFirst(visible.utf8.count), as: UTF8.self) : ""
        }
        var notice = agentError.map { ($0 as? AgentError)?.userMessage ?? "Sorry, the agent could not finish its answer." }
        if let note = notice, strategy == .edit, !fellBack, parts.isEmpty, let placeholderID,
           (try? await perform({ try await $0.edit(messageID: placeholderID, in: target, text: note) })) != nil {
            notice = nil
        }
        return EmittedReply(text: answer, agentError: agentError, fellBack: fellBack, undelivered: undelivered, failureNotice: notice)
    }

    // MARK: Rendering

    /// The part of the answer users can see and keep: what the messages and streams show.
    private var visible: String { parts.map(\.body).joined() }

    private var isDue: Bool {
        guard let lastRender else { return true }
        return lastRender.duration(to: clock.now) >= settings.updateInterval
    }

    private mutating func renderIfDue(flushing: Bool) async {
        let newCharacters = answer.count - renderedLength
        guard newCharacters > 0, isDue else { return }
        // The first text shows at once; later ones wait for enough new text, unless the
        // agent paused (a tick flushes whatever is there).
        guard lastRender == nil || flushing || newCharacters >= settings.minimumNewCharacters else { return }
        await render(final: false)
    }

    private mutating func render(final: Bool) async {
        guard !fellBack else { return }
        lastRender = clock.now
        renderedLength = answer.count
        do {
            switch strategy {
            case .edit: try await renderEdits()
            case .native, .append: try await renderStreams(final: final)
            case .draft: try await renderDraft(final: final)
            case .block, .sync: break
            }
        } catch {
            fallBack()
        }
    }

    /// Edit in place: the placeholder becomes the first message; past the limit, each
    /// message is finished and the next one sent.
    private mutating func renderEdits() async throws(ReplySendError) {
        let chunks = chunker.chunksWithProvenance(of: answer)
        for (index, chunk) in chunks.enumerated() {
            if index < parts.count {
                guard parts[index].body != chunk.body else { continue }
                let id = parts[index].id
                try await perform { try await $0.edit(messageID: id, in: target, text: chunk.text) }
                parts[index].body = chunk.body
            } else if index == 0, let placeholderID {
                try await perform { try await $0.edit(messageID: placeholderID, in: target, text: chunk.text) }
                parts.append(Part(id: placeholderID, body: chunk.body))
            } else {
                let id = try await perform { try await $0.send(target.message(chunk.text)) } ?? ""
                parts.append(Part(id: id, body: chunk.body))
            }
        }
    }

    /// Native and append streams: deltas appended to the current stream; past the
    /// limit, the stream is closed and another opened.
    private mutating func renderStreams(final: Bool) async throws(ReplySendError) {
        let chunks = chunker.chunksWithProvenance(of: answer)
        for (index, chunk) in chunks.enumerated() {
            if index == parts.count {
                let id = try await perform { try await $0.beginStream(in: target) }
                parts.append(Part(id: id, body: ""))
            }
            let part = parts[index]
            guard !part.finished else { continue }
            if chunk.body.count > part.body.count, chunk.body.hasPrefix(part.body) {
                let delta = String(chunk.body.dropFirst(part.body.count))
                try await perform { try await $0.updateStream(part.id, in: target, fullText: chunk.body, delta: delta) }
                parts[index].body = chunk.body
            }
            if index < chunks.count - 1 || final {
                _ = try await perform { try await $0.finishStream(part.id, in: target, finalText: chunk.body, failed: false) }
                parts[index].finished = true
            }
        }
    }

    /// Drafts: previews of the first message, which `finish` turns into a real one; the
    /// rest of a long answer follows as plain messages.
    private mutating func renderDraft(final: Bool) async throws(ReplySendError) {
        guard let draftID else { return }
        let chunks = chunker.chunksWithProvenance(of: answer)
        let preview = chunks.first?.text ?? ""
        if final {
            let id = try await perform { try await $0.finishStream(draftID, in: target, finalText: preview, failed: false) } ?? draftID
            parts = [Part(id: id, body: chunks.first?.body ?? "", finished: true)]
            for chunk in chunks.dropFirst() {
                let id = try await perform { try await $0.send(target.message(chunk.text)) } ?? ""
                parts.append(Part(id: id, body: chunk.body, finished: true))
            }
        } else {
            try await perform { try await $0.updateStream(draftID, in: target, fullText: preview, delta: "") }
        }
    }

    /// Block streaming: every finished paragraph goes out as soon as it is complete; after
    /// a failed send the rest is left undelivered.
    private mutating func sendFinishedParagraphs() async {
        guard !fellBack else { return }
        let pending = String(decoding: answer.utf8.dropFirst(blockSent), as: UTF8.self)
        guard let end = pending.range(of: "\n\n", options: .backwards)?.upperBound else { return }
        for chunk in chunker.chunksWithProvenance(of: String(pending[..<end])) {
            do {
                if !chunk.body.allSatisfy(\.isWhitespace) {
                    try await perform { try await $0.send(target.message(chunk.text)) }
                }
                blockSent += chunk.body.utf8.count
            } catch {
                fallBack()
                return
            }
        }
    }

    private mutating func fallBack() {
        fellBack = true
    }

    /// Runs one platform call, retrying what may succeed later: a rate limit after the
    /// wait the platform asked for, a lost link or server error after a growing delay.
    /// The reply's calls run one at a time, so a wait pauses all of this reply's updates.
    @discardableResult
    private func perform<T>(_ call: (any ReplySurface) async throws -> T) async throws(ReplySendError) -> T {
        var delay = settings.retryDelay
        var attempt = 1
        while true {
            do {
                return try await call(surface)
            } catch let error as ReplySendError where error.isRetryable && attempt < settings.attempts {
                attempt += 1
                try? await clock.sleep(for: error.retryAfter ?? delay)
                delay *= 2
            } catch let error as ReplySendError {
                throw error
            } catch {
                throw ReplySendError("\(error)", isRetryable: false)
            }
        }
    }
}
