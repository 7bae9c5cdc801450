import CSwitchboardABI
import Testing
@testable import SwitchboardHost

/// Messages both ways through the real loader and real plugins: deliver → echo → send.
@Suite(.timeLimit(.minutes(2))) struct ExchangeTests {
    @Test func swiftAndCPluginsEachServeTwoChannels() async throws {
        let folder = try TemporaryFolder()
        _ = try CPlugin.loopback(in: folder)
        let config = try configuration("""
        plugin_dirs: [\(folder.path)]
        channels:
          - {id: swift-a, provider: loopback}
          - {id: swift-b, provider: loopback}
          - {id: c-a, provider: c-loopback, settings: {bot_name: A}}
          - {id: c-b, provider: c-loopback, settings: {bot_name: B}}
        """, in: folder)
        let catalog = PluginLoader(logger: quietLogger).loadAll(from: [.directory(folder.path), .bundled(Paths.buildFolder)])
        #expect(catalog.pluginIDs == ["c-loopback", "dingtalk", "dingtalk-robot", "loopback", "telegram", "webchat"], "a dropped-in plugin beside the bundled ones")
        let host = try Switchboard(configuration: config, catalog: catalog, logger: quietLogger)
        let updates = host.channels.statusUpdates()
        try await host.start()

        let channelIDs = ["swift-a", "swift-b", "c-a", "c-b"]
        var sent: [String: AsyncStream<SentMessage>.AsyncIterator] = [:]
        for id in channelIDs {
            _ = try await host.channels.waitForStatus(of: id, in: updates) { $0.state == .connected }
            sent[id] = try await LoopbackDriver(host.channels, channel: id).sentMessages().makeAsyncIterator()
        }
        for id in channelIDs {
            let code = try await LoopbackDriver(host.channels, channel: id).inject(id: "m1", chat: "chat-\(id)", text: "hello \(id)")
            #expect(code == SB_OK)
        }
        for id in channelIDs {
            let reply = await sent[id]!.next()
            #expect(reply == SentMessage(chatID: "chat-\(id)", text: "hello \(id)"), "channel \(id) answered its own chat")
        }
        await host.shutdown()
    }

    @Test func aChannelWithBadSettingsFailsAloneAndOthersServe() async throws {
        let folder = try TemporaryFolder()
        _ = try CPlugin.loopback(in: folder)
        let config = try configuration("""
        plugin_dirs: [\(folder.path)]
        channels:
          - id: good
            provider: c-loopback
            settings: {bot_name: G}
          - id: no-name
            provider: c-loopback
          - id: typo
            provider: c-lopback
        """, in: folder)
        let catalog = PluginLoader(logger: quietLogger).loadAll(from: [.directory(folder.path)])
        let host = try Switchboard(configuration: config, catalog: catalog, logger: quietLogger)
        let updates = host.channels.statusUpdates()
        try await host.start()

        let missing = try await host.channels.status(of: "no-name")
        #expect(missing.state == .failed)
        #expect(missing.lastError?.message == "test.yaml:6:5: channels[1].settings: missing required setting 'bot_name'")
        let unknown = try await host.channels.status(of: "typo")
        #expect(unknown.state == .failed)
        #expect(unknown.lastError?.message.contains("test.yaml:9:15: channels[2].provider: unknown provider 'c-lopback'") == true)

        _ = try await host.channels.waitForStatus(of: "good", in: updates) { $0.state == .connected }
        let driver = try await LoopbackDriver(host.channels, channel: "good")
        var replies = try await driver.sentMessages().makeAsyncIterator()
        #expect(await driver.inject(id: "1", chat: "c", text: "still here") == SB_OK)
        #expect(await replies.next()?.text == "still here")
        await host.shutdown()
    }
}
