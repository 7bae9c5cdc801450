import CSwitchboardABI
import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardHost

/// Promises of the header about a run's boundaries, and loader checks that run before
/// any plugin code does.
@Suite(.timeLimit(.minutes(2))) struct LifecycleContractTests {
    @Test func aStatusReportedInsideStopDoesNotDisturbTheNextRun() async throws {
        let folder = try TemporaryFolder()
        let host = try ChannelLifecycleTests.host("  - {id: main, provider: c-loopback, settings: {bot_name: M, report_in_stop: true}}", in: folder)
        let updates = host.channels.statusUpdates()
        try await host.start()
        _ = try await host.channels.waitForStatus(of: "main", in: updates) { $0.state == .connected }
        try await host.channels.restart("main")
        let after = try await host.channels.waitForStatus(of: "main", in: updates) { $0.state == .connected }
        // The restart's own run connected; the DISCONNECTED reported in stop() must not
        // have scheduled a reconnect or recorded an error.
        let settled = try await host.channels.status(of: "main")
        #expect(settled.state == .connected)
        #expect(settled.reconnectAttempts == 0 && settled.lastError == nil)
        #expect(after.connectedAt != nil)
        await host.shutdown()
        withExtendedLifetime(folder) {}
    }

    /// A delivery still being stored when the run ends is completed with
    /// SB_ERR_SHUTTING_DOWN before stop(), once; the late answer of the store is dropped.
    @Test func anUnacknowledgedDeliveryIsCompletedOnceWhenTheRunEnds() async throws {
        let held = Held()
        let executor = InstanceExecutor(label: "test.acks")
        let bridge = HostBridge(
            channelID: "c", pluginID: "test", executor: executor, logger: quietLogger,
            handlers: .init(deliver: { _, stored in held.keep(stored) }, status: { _, _ in })
        )
        let calls = AckRecorder()
        let context = Unmanaged.passRetained(calls).toOpaque()
        defer { Unmanaged<AckRecorder>.fromOpaque(context).release() }
        let table = bridge.hostTable
        executor.queue.sync {
            bridge.beginRun()
            withInboundMessage(id: "m", chat: "chat", text: "hi") {
                table.pointee.deliver(table, $0, ackRecorderCallback, context)
            }
            bridge.endRun()
        }
        #expect(calls.codes == [SB_ERR_SHUTTING_DOWN])
        held.complete(.ok)
        executor.queue.sync {}  // the late answer would be queued here
        #expect(calls.codes == [SB_ERR_SHUTTING_DOWN], "completed exactly once")

        executor.queue.sync {
            withInboundMessage(id: "n", chat: "chat", text: "late") {
                table.pointee.deliver(table, $0, ackRecorderCallback, context)
            }
        }
        executor.queue.sync {}
        #expect(held.count == 1, "a delivery after the run ended is not handed to the host")
        #expect(calls.codes.count == 1)
    }

    @Test func aPluginOwnedByAnotherUserIsRefused() throws {
        let folder = try TemporaryFolder()
        let plugin = try CPlugin.loopback(in: folder)
        guard geteuid() == 0 else { return }  // only root can give a file away
        chown(plugin, 65534, 65534)
        let report = try #require(PluginLoader(logger: quietLogger).loadAll(from: [.directory(folder.path)]).reports.first)
        guard case let .failure(refusal) = report.outcome else {
            Issue.record("a plugin owned by another user was loaded")
            return
        }
        #expect(refusal.reasonDescription.contains("owned by uid 65534, neither root nor the host's user"))
    }

    @Test func aSymlinkIntoAFolderOthersCanWriteIsRefused() throws {
        let folder = try TemporaryFolder()
        let shared = folder.file("shared")
        let plugins = folder.file("plugins")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: false)
        try CPlugin.build(Paths.cLoopbackSource, to: shared + "/real.so")
        chmod(shared, 0o777)
        try FileManager.default.createSymbolicLink(atPath: plugins + "/linked.so", withDestinationPath: shared + "/real.so")
        let report = try #require(PluginLoader(logger: quietLogger).loadAll(from: [.directory(plugins)]).reports.first)
        guard case let .failure(refusal) = report.outcome else {
            Issue.record("a plugin in a world-writable folder was loaded through a symlink")
            return
        }
        #expect(refusal.reasonDescription == "\(shared) is writable by group or others (mode 777); fix with chmod go-w")
    }

    @Test func aForeignToolchainIsRefusedBeforeAnyPluginCodeRuns() throws {
        let folder = try TemporaryFolder()
        let marker = folder.file("constructor-ran")
        try CPlugin.build(Paths.faultySource, to: folder.file("foreign.so"), defines: [
            "FAULT_FOREIGN_TOOLCHAIN=\"clang 1.0 (elsewhere); x86_64-linux\"", "FAULT_MARKER=\"\(marker)\"",
        ])
        let report = try #require(PluginLoader(logger: quietLogger).loadAll(from: [.directory(folder.path)]).reports.first)
        guard case let .failure(refusal) = report.outcome else {
            Issue.record("a plugin of another toolchain was loaded")
            return
        }
        #expect(refusal.reasonDescription.hasPrefix("built by a different Swift toolchain (clang 1.0 (elsewhere); x86_64-linux)"))
        #expect(!FileManager.default.fileExists(atPath: marker), "none of the plugin's code ran")
    }

    @Test func theBundledSwiftPluginCarriesTheHostsToolchainSection() throws {
        let descriptor = open(Paths.swiftLoopback, O_RDONLY)
        defer { close(descriptor) }
        let section = try #require(ELFSection.read("switchboard_toolchain", from: descriptor))
        #expect(String(decoding: section.prefix { $0 != 0 }, as: UTF8.self) == PluginLoader(logger: quietLogger).hostToolchain)
    }
}

/// A `stored` callback the test completes when it chooses.
private final class Held: @unchecked Sendable {
    private let lock = NSLock()
    private var callbacks: [@Sendable (ResultCode, String?) -> Void] = []
    func keep(_ stored: @escaping @Sendable (ResultCode, String?) -> Void) { lock.withLock { callbacks.append(stored) } }
    func complete(_ code: ResultCode) { for callback in lock.withLock({ callbacks }) { callback(code, nil) } }
    var count: Int { lock.withLock { callbacks.count } }
}

/// Records the codes a plugin's `stored` callback was called with.
private final class AckRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Int32] = []
    func record(_ code: Int32) { lock.withLock { recorded.append(code) } }
    var codes: [Int32] { lock.withLock { recorded } }
}

private let ackRecorderCallback: sb_deliver_callback = { context, code, _ in
    guard let context else { return }
    Unmanaged<AckRecorder>.fromOpaque(context).takeUnretainedValue().record(code)
}
