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
    let keyPrefix: String

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
    /// What the draft shows now, and since when.
    private var draftPreview = ""
    private var draftShownAt: C.Instant?
    /// How much of the answer the block strategy has sent, in UTF-8 bytes.
    private var blockSent = 0
    private var renderedLength = 0
    private var lastRender: C.Instant?
    private var lastTyping: C.Instant?
    private var agentFailed = false
    private var sentMessages = 0

    init(surface: any ReplySurface, settings: StreamingSettings, clock: C, target: ReplyTarget, strategy: ReplyStrategy,
         chunker: MessageChunker, showsTyping: Bool, keyPrefix: String) {
        self.surface = surface
        self.settings = settings
        self.clock = clock
        self.target = target
        self.strategy = strategy
        self.chunker = chunker
        self.showsTyping = showsTyping
        self.keyPrefix = keyPrefix
    }

    private var isStreaming: Bool { [.native, .draft, .append, .edit].contains(strategy) && !fellBack }

    // MARK: Events

    mutating func start() async {
        await keepAlive()
        do {
            switch strategy {
            case .edit: placeholderID = try await perform(idempotent: false) { try await $0.send(target.message(settings.placeholder, idempotencyKey: nextKey())) } ?? ""
            case .draft: draftID = try await perform(idempotent: false) { try await $0.beginStream(in: target) }
            case .native, .append, .block, .sync: break
            }
        } catch {
            await fallBack()
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
        if strategy == .append, isStreaming {
            await showProgressInStream(status)
            return
        }
        guard strategy == .edit, isStreaming, answer.isEmpty, let placeholderID, isDue else {
            await keepAlive()
            return
        }
        lastRender = clock.now
        do { try await perform(idempotent: true) { try await $0.edit(messageID: placeholderID, in: target, text: "⏳ \(status)") } } catch { await fallBack() }
    }

    /// Append mode has no placeholder: progress travels with the stream (opened for it
    /// when need be), throttled like text.
    private mutating func showProgressInStream(_ status: String) async {
        guard isDue else { return }
        lastRender = clock.now
        do {
            if parts.last?.finished ?? true {
                let id = try await perform(idempotent: false) { try await $0.beginStream(in: target) }
                parts.append(Part(id: id, body: ""))
            }
            let open = parts[parts.count - 1]
            try await perform(idempotent: true) {
                try await $0.updateStream(open.id, in: target, fullText: open.body, delta: "", status: status)
            }
        } catch {
            await fallBack()
        }
    }

    /// Renews the typing indicator while nothing of the answer is visible yet.
    mutating func keepAlive() async {
        // A draft showing text is visible, unless streaming failed (drafts then vanish).
        guard showsTyping, parts.allSatisfy(\.body.isEmpty), draftPreview.isEmpty || fellBack else { return }
        if let lastTyping, lastTyping.duration(to: clock.now) < settings.typingInterval { return }
        lastTyping = clock.now
        try? await surface.showTyping(in: target)
    }

    mutating func tick() async {
        await keepAlive()
        if isStreaming { await renderIfDue(flushing: true) }
    }

    mutating func finish(agentError: (any Error)?) async -> EmittedReply {
        agentFailed = agentError != nil
        if isStreaming { await render(final: true) }
        let undelivered: String
        switch strategy {
        case .sync: undelivered = answer
        case .block: undelivered = String(decoding: answer.utf8.dropFirst(blockSent), as: UTF8.self)
        case .native, .draft, .append, .edit:
            let shown = visible
            let rest = String(decoding: answer.utf8.dropFirst(shown.utf8.count), as: UTF8.self)
            // A rest that starts inside a code block reopens it, so it renders as code.
            undelivered = !fellBack || rest.isEmpty ? "" : (Self.openFenceLine(in: shown).map { $0 + "\n" } ?? "") + rest
        }
        var notice = agentError.map { ($0 as? AgentError)?.userMessage ?? "Sorry, the agent could not finish its answer." }
        if notice == nil, answer.allSatisfy(\.isWhitespace) { notice = "The agent gave no answer." }
        if let note = notice, strategy == .edit, !fellBack, parts.isEmpty, let placeholderID,
           (try? await perform(idempotent: true, { try await $0.edit(messageID: placeholderID, in: target, text: note) })) != nil {
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
        // The first text is always due: a status shown just before must not hold it back.
        guard newCharacters > 0, isDue || renderedLength == 0 else { return }
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
            await fallBack()
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
                try await perform(idempotent: true) { try await $0.edit(messageID: id, in: target, text: chunk.text) }
                parts[index].body = chunk.body
            } else if index == 0, let placeholderID {
                try await perform(idempotent: true) { try await $0.edit(messageID: placeholderID, in: target, text: chunk.text) }
                parts.append(Part(id: placeholderID, body: chunk.body))
            } else {
                let id = try await perform(idempotent: false) { try await $0.send(target.message(chunk.text, idempotencyKey: nextKey())) } ?? ""
                parts.append(Part(id: id, body: chunk.body))
            }
        }
    }

    /// Native and append streams: deltas appended to the open stream; past the limit,
    /// the stream is finished (at a cut the chunker chose, or at what it already shows,
    /// whichever is later: appended text cannot be taken back) and another opened.
    /// Streams work on bytes, so a delta may start with a mark that combines with the
    /// text before it.
    private mutating func renderStreams(final: Bool) async throws(ReplySendError) {
        while true {
            let finishedBytes = parts.filter(\.finished).reduce(0) { $0 + $1.body.utf8.count }
            let open = String(decoding: answer.utf8.dropFirst(finishedBytes), as: UTF8.self)
            guard !open.isEmpty else { return }
            if parts.last?.finished ?? true {
                let id = try await perform(idempotent: false) { try await $0.beginStream(in: target) }
                parts.append(Part(id: id, body: ""))
            }
            let index = parts.count - 1
            let fits = chunker.length(of: open) <= chunker.limit
            var upTo = open
            if !fits, let cut = chunker.chunksWithProvenance(of: open).first?.body, cut.utf8.count > parts[index].body.utf8.count {
                upTo = cut
            } else if !fits {
                upTo = parts[index].body
            }
            let delta = String(decoding: upTo.utf8.dropFirst(parts[index].body.utf8.count), as: UTF8.self)
            if !delta.isEmpty {
                let id = parts[index].id
                try await perform(idempotent: false) { try await $0.updateStream(id, in: target, fullText: upTo, delta: delta, status: nil) }
                parts[index].body = upTo
            }
            guard !fits || final else { return }
            let id = parts[index].id, body = parts[index].body, failed = final && agentFailed
            _ = try await perform(idempotent: false) { try await $0.finishStream(id, in: target, finalText: body, failed: failed) }
            parts[index].finished = true
            if fits { return }
        }
    }

    /// Drafts: previews of the first message, which `finish` turns into a real one; the
    /// rest of a long answer follows as plain messages.
    private mutating func renderDraft(final: Bool) async throws(ReplySendError) {
        guard let draftID else { return }
        let chunks = chunker.chunksWithProvenance(of: answer)
        let preview = chunks.first?.text ?? ""
        if final {
            let failed = agentFailed
            let id = try await perform(idempotent: false) { try await $0.finishStream(draftID, in: target, finalText: preview, failed: failed) } ?? draftID
            parts = [Part(id: id, body: chunks.first?.body ?? "", finished: true)]
            for chunk in chunks.dropFirst() {
                let id = try await perform(idempotent: false) { try await $0.send(target.message(chunk.text, idempotencyKey: nextKey())) } ?? ""
                parts.append(Part(id: id, body: chunk.body, finished: true))
            }
        } else if preview != draftPreview
                    || draftShownAt.map({ $0.duration(to: clock.now) >= settings.draftRefreshInterval }) ?? true {
            try await perform(idempotent: true) { try await $0.updateStream(draftID, in: target, fullText: preview, delta: "", status: nil) }
            draftPreview = preview
            draftShownAt = clock.now
        }
    }

    /// Block streaming: every finished paragraph goes out as soon as it is complete; after
    /// a failed send the rest is left undelivered.
    private mutating func sendFinishedParagraphs() async {
        guard !fellBack else { return }
        let pending = String(decoding: answer.utf8.dropFirst(blockSent), as: UTF8.self)
        guard let end = Self.lastParagraphBreakOutsideFences(in: pending, fencesOpenBefore: Self.openFence(in: answer.utf8.prefix(blockSent))) else { return }
        for chunk in chunker.chunksWithProvenance(of: String(pending[..<end])) {
            do {
                if !chunk.body.allSatisfy(\.isWhitespace) {
                    try await perform(idempotent: false) { try await $0.send(target.message(chunk.text, idempotencyKey: nextKey())) }
                }
                blockSent += chunk.body.utf8.count
            } catch {
                await fallBack()
                return
            }
        }
    }

    /// The idempotency key of the next message this reply sends.
    private mutating func nextKey() -> String {
        sentMessages += 1
        return "\(keyPrefix):live:\(sentMessages)"
    }

    /// Whether text ends inside a fenced code block (an odd number of fence lines).
    private static func openFence(in bytes: Substring.UTF8View) -> Bool {
        openFenceLine(in: String(Substring(bytes))) != nil
    }

    /// The line that opened the code block `text` ends inside, if it ends inside one.
    private static func openFenceLine(in text: String) -> String? {
        var opener: Substring?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where isFenceLine(line) {
            opener = opener == nil ? line : nil
        }
        return opener.map(String.init)
    }

    /// The end of the last blank line in `text` outside every code block, where a
    /// finished paragraph may be cut off.
    private static func lastParagraphBreakOutsideFences(in text: String, fencesOpenBefore: Bool) -> String.Index? {
        var best: String.Index?
        var inside = fencesOpenBefore
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if isFenceLine(line) { inside.toggle() }
            if line.isEmpty, line.startIndex > text.startIndex, !inside { best = text.index(after: line.endIndex) }
        }
        return best
    }

    private static func isFenceLine(_ line: Substring) -> Bool {
        let indented = line.drop { $0 == " " }
        return indented.hasPrefix("```") || indented.hasPrefix("~~~")
    }

    /// Stops streaming; an open stream is closed, marked failed, as far as the platform
    /// still takes it (the rest of the answer follows as plain messages).
    private mutating func fallBack() async {
        fellBack = true
        guard [.native, .append].contains(strategy), let open = parts.last, !open.finished else { return }
        _ = try? await surface.finishStream(open.id, in: target, finalText: open.body, failed: true)
        parts[parts.count - 1].finished = true
    }

    /// Runs one platform call, retrying what may succeed later: a rate limit after the
    /// wait the platform asked for, a lost link or server error after a growing delay.
    /// A call that is not `idempotent` is repeated only when it surely did not arrive.
    /// The reply's calls run one at a time, so a wait pauses all of this reply's updates.
    @discardableResult
    private func perform<T>(idempotent: Bool, _ call: (any ReplySurface) async throws -> T) async throws(ReplySendError) -> T {
        var delay = settings.retryDelay
        var attempt = 1
        while true {
            do {
                return try await call(surface)
            } catch let error as ReplySendError
                where error.isRetryable && attempt < settings.attempts && (idempotent || !error.mayHaveArrived) {
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
