import Testing
@testable import SwitchboardCore

/// Each streaming strategy against a scripted platform, in virtual time.
@Suite(.timeLimit(.minutes(2))) struct ReplyEmitterTests {
    static let target = ReplyTarget(channelID: "c", chatID: "chat", chatType: .private, replyToID: "m0")
    /// 2,000 tokens: "w0 w1 … w1999 ".
    static let longAnswer = (0..<2000).map { "w\($0) " }

    func emit(_ strategy: ReplyStrategy, tokens: [String] = Self.longAnswer, every interval: Duration = .milliseconds(20),
              surface: ScriptedSurface, limit: Int = 100_000, features: ProviderFeatures = [],
              failingWith error: (any Error)? = nil) async -> (EmittedReply, ManualClock) {
        let clock = ManualClock()
        let emitter = ReplyEmitter(surface: surface, settings: StreamingSettings(), clock: clock)
        let reply = await emitter.emit(
            scriptedAnswer(tokens, every: interval, on: clock, failingWith: error), to: Self.target, strategy: strategy,
            chunker: MessageChunker(limit: limit, unit: .characters), features: features
        )
        return (reply, clock)
    }

    @Test func editInPlaceStaysWithinOneEditPerSecondAndEndsWithTheWholeAnswer() async {
        let surface = ScriptedSurface()
        let (reply, clock) = await emit(.edit, surface: surface)
        let answer = Self.longAnswer.joined()
        #expect(reply.text == answer)
        #expect(surface.visibleTexts == [answer], "one message, edited to the exact answer")
        #expect(surface.count(.send) == 1, "the placeholder")
        let seconds = Int(clock.now.offset.components.seconds)
        #expect(seconds == 40, "2,000 tokens at 50 per second")
        #expect(surface.count(.edit) <= seconds + 2, "at most one edit per second, plus the final one: \(surface.count(.edit))")
        #expect(surface.count(.edit) >= seconds / 2, "it streamed: \(surface.count(.edit)) edits")
    }

    @Test func editInPlaceContinuesInNewMessagesAtTheLimit() async {
        let surface = ScriptedSurface()
        let (reply, _) = await emit(.edit, tokens: Array(Self.longAnswer.prefix(300)), surface: surface, limit: 500)
        let texts = surface.visibleTexts
        #expect(texts.count >= 3)
        #expect(texts.allSatisfy { $0.count <= 500 })
        #expect(texts.joined() == reply.text)
    }

    @Test func aFailingEditFallsBackAndTheAnswerArrivesOnce() async {
        let surface = ScriptedSurface()
        surface.failures[.edit] = [5: ReplySendError("message can't be edited", isRetryable: false)]
        let (reply, _) = await emit(.edit, tokens: Array(Self.longAnswer.prefix(400)), surface: surface)
        #expect(reply.fellBack)
        #expect(surface.visibleTexts.count == 1)
        #expect(!reply.undelivered.isEmpty, "the rest is left to the durable outbox")
        #expect(surface.visibleTexts.joined() + reply.undelivered == reply.text, "what was visible plus the rest is the answer, once")
        #expect(surface.count(.edit) == 5, "no edits after the failure")
    }

    @Test func aRateLimitIsWaitedOut() async {
        let surface = ScriptedSurface()
        surface.failures[.edit] = [2: ReplySendError("Too Many Requests: retry after 7", retryAfter: .seconds(7), isRetryable: true)]
        let clock = ManualClock()
        // Time passes on its own here: the emitter waits on the clock for the retry.
        let passing = Task {
            while !Task.isCancelled {
                clock.advance(by: .milliseconds(100))
                await Task.yield()
            }
        }
        defer { passing.cancel() }
        let emitter = ReplyEmitter(surface: surface, settings: StreamingSettings(), clock: clock)
        let reply = await emitter.emit(
            scriptedAnswer(Array(Self.longAnswer.prefix(100)), every: .milliseconds(20), on: clock), to: Self.target,
            strategy: .edit, chunker: MessageChunker(limit: 100_000, unit: .characters), features: []
        )
        #expect(!reply.fellBack)
        #expect(surface.visibleTexts == [reply.text])
        // The emitter's own waits are 1 s (ticks, first retry); only the platform's 7 s is longer.
        #expect(clock.requestedSleeps.contains { $0 > .seconds(5) }, "the retry waited the seconds the platform asked for")
    }

    @Test func draftsPreviewThenFinishIntoOneMessage() async {
        let surface = ScriptedSurface()
        let (reply, clock) = await emit(.draft, surface: surface)
        #expect(surface.count(.begin) == 1 && surface.count(.finish) == 1)
        #expect(surface.visibleTexts == [reply.text])
        #expect(surface.count(.update) <= Int(clock.now.offset.components.seconds) + 2)
        #expect(surface.count(.update) > 10)
    }

    @Test func aDraftShowingTextNeedsNoTypingAndAFullPreviewIsNotSentAgain() async {
        let surface = ScriptedSurface()
        // 2,000 tokens of 3 to 6 characters: the first 1,000-character message is full after about 5 s.
        let (reply, clock) = await emit(.draft, surface: surface, limit: 1_000, features: .typing)
        #expect(surface.count(.typing) == 1, "typing only before the draft showed text: \(surface.count(.typing))")
        // About 5 updates until the preview is full, then one refresh 20 s later, so the draft does not expire.
        #expect(surface.count(.update) <= 8, "a full preview is only refreshed: \(surface.count(.update)) in \(clock.now.offset)")
        #expect(surface.count(.update) >= 5)
        #expect(surface.visibleTexts.joined() == reply.text, "the answer arrives whole")
    }

    @Test func aFailingDraftFallsBackToTheWholeAnswer() async {
        let surface = ScriptedSurface()
        surface.failures[.update] = [3: ReplySendError("draft rejected", isRetryable: false)]
        let (reply, _) = await emit(.draft, tokens: Array(Self.longAnswer.prefix(200)), surface: surface)
        #expect(reply.fellBack)
        #expect(surface.visibleTexts.isEmpty)
        #expect(reply.undelivered == reply.text, "drafts vanish, so the whole answer is left to send once")
    }

    @Test(arguments: [ReplyStrategy.native, .append])
    func streamsAppendDeltasThatJoinToTheAnswer(strategy: ReplyStrategy) async {
        let surface = ScriptedSurface()
        let (reply, _) = await emit(strategy, tokens: Array(Self.longAnswer.prefix(500)), surface: surface)
        #expect(surface.streams["s1"] == reply.text)
        #expect(surface.finishedStreams["s1"] == reply.text)
        #expect(surface.count(.update) < 500 / 5, "deltas are batched")
    }

    @Test func aFailingStreamSendsOnlyTheRest() async {
        let surface = ScriptedSurface()
        surface.failures[.update] = [4: ReplySendError("stream closed", isRetryable: false)]
        let (reply, _) = await emit(.native, tokens: Array(Self.longAnswer.prefix(400)), surface: surface)
        #expect(reply.fellBack)
        let shown = surface.streams["s1"] ?? ""
        #expect(!shown.isEmpty && !reply.undelivered.isEmpty)
        #expect(shown + reply.undelivered == reply.text, "the streamed part plus the rest, once")
    }

    @Test func blockStreamingSendsEachFinishedParagraph() async {
        let surface = ScriptedSurface()
        let tokens = ["First ", "paragraph.\n\n", "Second ", "one.\n\n", "Last ", "words."]
        let (reply, _) = await emit(.block, tokens: tokens, surface: surface)
        #expect(surface.visibleTexts == ["First paragraph.\n\n", "Second one.\n\n"], "each as soon as it was complete")
        #expect(reply.undelivered == "Last words.")
    }

    @Test func syncLeavesTheWholeAnswerForTheOutbox() async {
        let surface = ScriptedSurface()
        let (reply, _) = await emit(.sync, tokens: Array(Self.longAnswer.prefix(50)), surface: surface)
        #expect(surface.visibleTexts.isEmpty)
        #expect(reply.undelivered == Array(Self.longAnswer.prefix(50)).joined())
    }

    @Test func aFailedAgentReplacesThePlaceholderWithItsMessage() async {
        let surface = ScriptedSurface()
        let failure = AgentError(userMessage: "The agent is unavailable right now.", detail: "502 from upstream")
        let (reply, _) = await emit(.edit, tokens: [], surface: surface, failingWith: failure)
        #expect(reply.agentError != nil)
        #expect(surface.visibleTexts == ["The agent is unavailable right now."], "shown in place of the placeholder")
        #expect(reply.failureNotice == nil)
        let (streamed, _) = await emit(.native, tokens: ["partial "], surface: ScriptedSurface(), failingWith: AgentError(userMessage: "Cut off.", detail: "x"))
        #expect(streamed.failureNotice == "Cut off.", "elsewhere the notice is left to the caller")
    }

    @Test func typingIsShownWhileNothingIsVisible() async {
        let surface = ScriptedSurface()
        let clock = ManualClock()
        let emitter = ReplyEmitter(surface: surface, settings: StreamingSettings(), clock: clock)
        let events = scriptedEvents([(.zero, .thinking("hmm")), (.seconds(12), .text("slow"))], on: clock)
        _ = await emitter.emit(events, to: Self.target, strategy: .sync, chunker: MessageChunker(limit: 100, unit: .characters), features: .typing)
        #expect(surface.count(.typing) >= 2, "renewed while the agent thought")
        #expect(surface.count(.typing) <= 4)
    }

    @Test func theStrategyFollowsTheDeclarationsAlone() {
        let all = ProviderCapabilities(streamingModes: [.native, .draft, .append, .edit])
        #expect(ReplyStrategy.best(for: all, chatType: .private) == .native)
        #expect(ReplyStrategy.best(for: ProviderCapabilities(streamingModes: [.draft, .edit]), chatType: .private) == .draft)
        #expect(ReplyStrategy.best(for: ProviderCapabilities(streamingModes: [.draft, .edit]), chatType: .group) == .edit)
        #expect(ReplyStrategy.best(for: ProviderCapabilities(streamingModes: [.append]), chatType: .group) == .append)
        #expect(ReplyStrategy.best(for: ProviderCapabilities(), chatType: .private) == .sync)
        #expect(ReplyStrategy.best(for: ProviderCapabilities(), chatType: .private, fallback: .block) == .block)
    }

    /// Tokens that split a combining accent and emoji sequences from what they join.
    static let joiningTokens = (0..<120).flatMap { index -> [String] in
        ["cafe", "\u{301} ", "👩", "\u{200D}👩\u{200D}👧 ", "👍", "\u{1F3FD} ", "word\(index) "]
    }

    @Test(arguments: [ReplyStrategy.native, .append])
    func streamsRollOverAtTheLimitWithoutRepeatsOrLosses(strategy: ReplyStrategy) async {
        let surface = ScriptedSurface()
        let (reply, _) = await emit(strategy, tokens: Self.joiningTokens, surface: surface, limit: 500)
        let answer = Self.joiningTokens.joined()
        #expect(reply.text == answer)
        #expect(!reply.fellBack && reply.undelivered.isEmpty)
        let ids = surface.streams.keys.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! }
        #expect(ids.count > 2, "the answer went past the limit more than once")
        #expect(ids.map { surface.streams[$0]! }.joined() == answer, "appended text, stream after stream, is the answer exactly")
        #expect(ids.allSatisfy { surface.finishedStreams[$0] == surface.streams[$0] }, "each stream finished with what it showed")
        let chunker = MessageChunker(limit: 500, unit: .characters)
        #expect(ids.allSatisfy { chunker.length(of: surface.streams[$0]!) <= 500 })
    }

    @Test func blockStreamingNeverCutsInsideACodeBlock() async {
        let surface = ScriptedSurface()
        let tokens = ["Intro.\n\n", "```swift\n", "let a = 1\n\n", "let b = 2\n", "```\n\n", "After.\n\n", "End."]
        let (reply, _) = await emit(.block, tokens: tokens, surface: surface)
        #expect(surface.visibleTexts == ["Intro.\n\n", "```swift\nlet a = 1\n\nlet b = 2\n```\n\n", "After.\n\n"])
        #expect(reply.undelivered == "End.")
    }

    @Test func anEmptyAnswerSaysSo() async {
        let surface = ScriptedSurface()
        let (reply, _) = await emit(.edit, tokens: [], surface: surface)
        #expect(surface.visibleTexts == ["The agent gave no answer."], "the placeholder does not stay")
        #expect(reply.failureNotice == nil)
        let (streamed, _) = await emit(.native, tokens: [" "], surface: ScriptedSurface())
        #expect(streamed.failureNotice == "The agent gave no answer.")
    }

    @Test func theFirstTextShowsAtOnceEvenRightAfterAStatus() async {
        let surface = ScriptedSurface()
        let clock = ManualClock()
        surface.clock = clock
        let emitter = ReplyEmitter(surface: surface, settings: StreamingSettings(), clock: clock)
        let events = scriptedEvents([(.zero, .status("reading the question")), (.milliseconds(200), .text("Here it is."))], on: clock)
        _ = await emitter.emit(events, to: Self.target, strategy: .edit, chunker: MessageChunker(limit: 100, unit: .characters), features: [])
        let first = surface.editTimes.first { $0.text == "Here it is." }
        #expect(first?.at == .milliseconds(200), "shown when it arrived, not at the next tick")
    }

    @Test func aRestThatStartsInsideACodeBlockReopensIt() async {
        let surface = ScriptedSurface()
        surface.failures[.edit] = [3: ReplySendError("message can't be edited", isRetryable: false)]
        let tokens = ["Here:\n", "```swift\n", "let a = 1\n"] + (0..<120).map { "let v\($0) = \($0)\n" } + ["```\n", "Done."]
        let (reply, _) = await emit(.edit, tokens: tokens, surface: surface)
        #expect(reply.fellBack)
        let shown = surface.visibleTexts[0]
        #expect(shown.contains("```swift\nlet a = 1\n") && !shown.contains("Done."), "the cut fell inside the block")
        #expect(reply.undelivered.hasPrefix("```swift\n"), "the rest opens the block it continues")
        #expect(shown + String(reply.undelivered.dropFirst("```swift\n".count)) == reply.text)
    }

    @Test func appendModeCarriesStatusInTheStreamInsteadOfAPlaceholder() async {
        let surface = ScriptedSurface()
        let clock = ManualClock()
        let emitter = ReplyEmitter(surface: surface, settings: StreamingSettings(), clock: clock)
        let events = scriptedEvents([(.zero, .status("analyzing the issue")), (.seconds(2), .text("Found it."))], on: clock)
        let reply = await emitter.emit(events, to: Self.target, strategy: .append, chunker: MessageChunker(limit: 100, unit: .characters), features: [])
        #expect(surface.statuses == ["analyzing the issue"])
        #expect(surface.count(.send) == 0, "no placeholder")
        #expect(surface.count(.begin) == 1, "the status and the text share one stream")
        #expect(surface.streams["s1"] == reply.text)
    }
}
