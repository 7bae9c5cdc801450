import CSwitchboardABI
import Testing
@testable import SwitchboardHost

/// The host's timer and state extensions, used by a real C provider.
@Suite(.timeLimit(.minutes(2))) struct HostServicesTests {
    @Test func timersFireOnTheExecutorAndStateSurvivesARestart() async throws {
        let folder = try TemporaryFolder()
        try CPlugin.build(Paths.packageRoot + "/Tests/Fixtures/services_provider.c", to: folder.file("services.so"), strict: true)
        let harness = try await PipelineHarness("channels: [{id: main, provider: services}]", folder: folder)

        #expect(try await harness.nextReply().text == "fired 3, cancelled")
        #expect(try await harness.nextReply().text == "oneshot cancelled_fired=0", "a cancelled timer never fires")
        try await harness.deliver("report")
        #expect(try await harness.nextReply().text == "starts=1 fires=3", "the repeating timer stopped when cancelled")

        try await harness.restart()
        #expect(try await harness.nextReply().text == "fired 3, cancelled")
        #expect(try await harness.nextReply().text == "oneshot cancelled_fired=0")
        try await harness.deliver("report")
        #expect(try await harness.nextReply().text == "starts=2 fires=3", "the start count came back from the store")
        #expect(try harness.host.store.channelState("starts", of: "main") == "2")
        await harness.shutdown()
    }
}
