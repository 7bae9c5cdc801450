import CSwitchboardABI
import SwitchboardConfig
import SwitchboardCore
import Testing
@testable import SwitchboardHost

/// Channel status and operations: reconnect with backoff, enable, disable, restart.
@Suite(.timeLimit(.minutes(2))) struct ChannelLifecycleTests {
    static func host(_ channels: String, in folder: TemporaryFolder) throws -> Switchboard {
        _ = try CPlugin.loopback(in: folder)
        let config = try configuration("""
        host:
          reconnect: {initial_delay_ms: 5, max_delay_ms: 20}
        plugin_dirs: [\(folder.path)]
        channels:
        \(channels)
        """, in: folder)
        let catalog = PluginLoader(logger: quietLogger).loadAll(from: [.directory(folder.path)])
        return try Switchboard(configuration: config, catalog: catalog, logger: quietLogger)
    }

    @Test func lostLinksAreRetriedWithBackoffUntilConnected() async throws {
        let folder = try TemporaryFolder()
        let host = try Self.host("  - {id: flaky, provider: c-loopback, settings: {bot_name: F, disconnect_first_starts: 2}}", in: folder)
        let updates = host.channels.statusUpdates()
        try await host.start()

        let first = try await host.channels.waitForStatus(of: "flaky", in: updates) { $0.reconnectAttempts == 1 }
        #expect(first.state == .disconnected)
        #expect(first.lastError?.message == "simulated link loss on start 1")
        #expect(first.nextReconnectAt != nil)
        let second = try await host.channels.waitForStatus(of: "flaky", in: updates) { $0.reconnectAttempts == 2 }
        #expect(second.lastError?.message == "simulated link loss on start 2")
        let connected = try await host.channels.waitForStatus(of: "flaky", in: updates) { $0.state == .connected }
        #expect(connected.reconnectAttempts == 0)
        #expect(connected.connectedAt != nil)
        #expect(connected.lastError?.message == "simulated link loss on start 2", "the last error is kept after recovery")
        #expect((connected.uptime() ?? -1) >= 0)
        await host.shutdown()
        withExtendedLifetime(folder) {}
    }

    @Test func disableEnableAndRestart() async throws {
        let folder = try TemporaryFolder()
        let host = try Self.host("""
          - {id: main, provider: c-loopback, settings: {bot_name: M}}
          - {id: off, provider: c-loopback, enabled: false, settings: {bot_name: O}}
        """, in: folder)
        let updates = host.channels.statusUpdates()
        try await host.start()
        _ = try await host.channels.waitForStatus(of: "main", in: updates) { $0.state == .connected }
        #expect(try await host.channels.status(of: "off").state == .disabled)

        try await host.channels.disable("main")
        #expect(try await host.channels.status(of: "main").state == .disabled)
        let reply = OutboundMessage(channelID: "main", chatID: "c", chatType: .private, text: "x")
        await #expect(throws: ReplySendError.self) { try await host.channels.send(reply) }

        try await host.channels.enable("main")
        _ = try await host.channels.waitForStatus(of: "main", in: updates) { $0.state == .connected }
        _ = try await host.channels.send(reply)

        try await host.channels.enable("off")
        _ = try await host.channels.waitForStatus(of: "off", in: updates) { $0.state == .connected }

        let before = try await host.channels.status(of: "main").connectedAt!
        try await host.channels.restart("main")
        let after = try await host.channels.waitForStatus(of: "main", in: updates) {
            $0.state == .connected && $0.connectedAt! > before
        }
        #expect(after.connectedAt! > before)
        await #expect(throws: ChannelManager.UnknownChannel.self) { try await host.channels.restart("nope") }
        await host.shutdown()
        withExtendedLifetime(folder) {}
    }

    @Test func backoffGrowsExponentiallyWithinJitterAndIsCapped() {
        let backoff = Backoff(ReconnectSettings(initialDelay: .seconds(1), maximumDelay: .seconds(30)))
        #expect(backoff.delay(attempt: 1, jitter: 0.999) <= .seconds(1))
        #expect(backoff.delay(attempt: 1, jitter: 0) == .milliseconds(500))
        #expect(backoff.delay(attempt: 4, jitter: 0.999) <= .seconds(8))
        #expect(backoff.delay(attempt: 4, jitter: 0) == .seconds(4))
        #expect(backoff.delay(attempt: 50, jitter: 0.999) <= .seconds(30))
        #expect(backoff.delay(attempt: 50, jitter: 0) == .seconds(15))
    }
}
