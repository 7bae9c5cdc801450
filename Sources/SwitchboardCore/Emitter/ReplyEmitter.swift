import Foundation

/// Shows an agent's answer while it is written, the best way the channel's provider
/// declared: native streams, drafts, append-accumulate, edit-in-place or paragraph
/// blocks. What it cannot show (see `EmittedReply.undelivered`) is left to the caller.
///
/// Updates are throttled (one per `updateInterval`, none while another is in flight,
/// each waiting for `minimumNewCharacters` unless the agent paused), long answers
/// continue in new messages at the provider's limit, and a platform asking to wait is
/// waited for. When a streaming operation fails mid-reply, the emitter stops streaming
/// and returns the part not yet visible, for the caller to send as plain messages: the
/// user sees the whole answer exactly once.
public struct ReplyEmitter<C: Clock>: Sendable where C.Duration == Duration {
    let surface: any ReplySurface
    let settings: StreamingSettings
    let clock: C

    public init(surface: any ReplySurface, settings: StreamingSettings, clock: C) {
        self.surface = surface
        self.settings = settings
        self.clock = clock
    }

    private enum Input: Sendable {
        case event(AgentEvent)
        case finished((any Error)?)
        case tick
    }

    /// Streams `events` to `target`; returns once the answer is complete and shown.
    /// - Parameter keyPrefix: makes the idempotency keys of the messages sent, so a platform
    ///   that drops repeats drops a retried send.
    public func emit(
        _ events: AsyncThrowingStream<AgentEvent, any Error>, to target: ReplyTarget, strategy: ReplyStrategy,
        chunker: MessageChunker, features: ProviderFeatures, keyPrefix: String = ""
    ) async -> EmittedReply {
        let (inputs, sink) = AsyncStream.makeStream(of: Input.self)
        // The pump hands over one event at a time and waits until it is handled, so a
        // fast agent is not buffered without bound while the platform is slow.
        let (handled, handledSink) = AsyncStream.makeStream(of: Void.self)
        let pump = Task {
            var acknowledgements = handled.makeAsyncIterator()
            do {
                for try await event in events {
                    sink.yield(.event(event))
                    guard await acknowledgements.next() != nil else { return }
                }
                sink.yield(.finished(nil))
            } catch {
                sink.yield(.finished(error))
            }
        }
        let tickInterval = min(settings.updateInterval, settings.typingInterval)
        let ticker = Task { [clock] in
            while (try? await clock.sleep(for: tickInterval)) != nil { sink.yield(.tick) }
        }
        defer {
            pump.cancel()
            ticker.cancel()
            handledSink.finish()
        }

        var session = EmitterSession(
            surface: surface, settings: settings, clock: clock, target: target, strategy: strategy,
            chunker: chunker, showsTyping: features.contains(.typing), keyPrefix: keyPrefix
        )
        await session.start()
        for await input in inputs {
            switch input {
            case let .event(event):
                switch event {
                case let .text(piece): await session.append(piece)
                case let .status(text): await session.showStatus(text)
                case .thinking: await session.keepAlive()
                }
                handledSink.yield(())
            case .tick: await session.tick()
            case let .finished(error):
                return await session.finish(agentError: error)
            }
        }
        return await session.finish(agentError: CancellationError())
    }
}
