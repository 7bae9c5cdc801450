import CSwitchboardABI
import Foundation
import Synchronization
import SwitchboardConfig
@testable import SwitchboardHost
import SwitchboardCore
import SwitchboardStore

/// A clock tests move by hand, for menu expiry and idle timeouts.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A host on a fresh data folder, with its channels on loopback providers, driven
/// like users would: send a message, read the replies.
final class PipelineHarness {
    /// One loopback channel, `main`, with no rate limit.
    static let oneChannel = """
    channels:
      - id: main
        provider: loopback
        access: {rate_limit: {messages: 0}}
    """

    let folder: TemporaryFolder
    let clock = TestClock()
    private let yaml: String
    private(set) var host: Switchboard
    private var replies: [String: AsyncStream<SentMessage>.AsyncIterator] = [:]
    private var handled: AsyncStream<MessagePipeline.HandledMessage>.AsyncIterator?
    private var outcomes: [String: InboxOutcome] = [:]
    private var nextMessage = 0

    /// - Parameter channels: the `channels:` list (and anything after it) in YAML.
    init(_ yaml: String, folder: TemporaryFolder? = nil) async throws {
        self.folder = try folder ?? TemporaryFolder()
        _ = try CPlugin.loopback(in: self.folder)
        try CPlugin.build(Paths.packageRoot + "/Tests/Fixtures/c_user_mapper.c", to: self.folder.file("corp-directory.so"), strict: true)
        self.yaml = "plugin_dirs: [\(self.folder.path)]\n" + yaml
        host = try Self.start(yaml: self.yaml, folder: self.folder, clock: clock)
        try await connect()
    }

    private static func start(yaml: String, folder: TemporaryFolder, clock: TestClock) throws -> Switchboard {
        try makeHost(yaml, in: folder, pluginFolder: folder.path, clock: { clock.now })
    }

    private func connect() async throws {
        let updates = host.channels.statusUpdates()
        handled = host.handledMessages().makeAsyncIterator()
        try await host.start()
        replies = [:]
        for planned in host.plan.channels where planned.errors.isEmpty && planned.configuration.enabled {
            let id = planned.configuration.id
            _ = try await host.channels.waitForStatus(of: id, in: updates) { $0.state == .connected }
            replies[id] = try await LoopbackDriver(host.channels, channel: id).sentMessages().makeAsyncIterator()
        }
    }

    /// Stops the host and starts a new one on the same data folder, as a restart would.
    func restart() async throws {
        await host.shutdown()
        host = try Self.start(yaml: yaml, folder: folder, clock: clock)
        try await connect()
    }

    /// Forgets the reply stream of a channel whose instance is gone (after disable).
    func replyStreamEnded(on channel: String) {
        replies[channel] = nil
    }

    /// Watches the replies of a channel's current instance (after enable).
    func observe(_ channel: String) async throws {
        replies[channel] = try await LoopbackDriver(host.channels, channel: channel).sentMessages().makeAsyncIterator()
    }

    /// Delivers a user message; returns the host's answer code.
    @discardableResult
    func deliver(_ text: String, on channel: String = "main", chat: String = "alice", sender: String? = nil,
                 group: Bool = false, mentionsBot: Bool = false, id: String? = nil) async throws -> Int32 {
        nextMessage += 1
        return try await LoopbackDriver(host.channels, channel: channel).inject(
            id: id ?? "m\(nextMessage)", chat: chat, text: text, group: group, sender: sender, mentionsBot: mentionsBot
        )
    }

    /// The next message the host sends on `channel`.
    func nextReply(on channel: String = "main") async throws -> SentMessage {
        guard let reply = await replies[channel]?.next() else { throw TestFailure("no reply stream for \(channel)") }
        return reply
    }

    /// Sends a message and returns the text of the one reply it gets.
    func ask(_ text: String, on channel: String = "main", chat: String = "alice", sender: String? = nil,
             group: Bool = false, mentionsBot: Bool = false) async throws -> String {
        let code = try await deliver(text, on: channel, chat: chat, sender: sender, group: group, mentionsBot: mentionsBot)
        guard code == SB_OK else { throw TestFailure("delivery of '\(text)' answered \(code)") }
        return try await nextReply(on: channel).text
    }

    /// How handling the message `id` (on any channel) ended; waits until it has.
    func outcome(of id: String) async throws -> InboxOutcome {
        while outcomes[id] == nil {
            guard let next = await handled?.next() else { throw TestFailure("the pipeline finished before \(id) was handled") }
            outcomes[next.messageID] = next.outcome
        }
        return outcomes[id]!
    }

    func shutdown() async {
        await host.shutdown()
    }
}
