import CABINextFixture
import CSwitchboardABI
import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardHost

/// Structs only grow: members are appended in later minors (DESIGN.md, ABI rule 2).
@Suite(.timeLimit(.minutes(2))) struct ABICompatibilityTests {
    /// The structs a 1.1 copy of the header appends a member to.
    static let grownStructs = ["sb_capabilities", "sb_inbound_message", "sb_outbound_message", "sb_send_result", "sb_host", "sb_plugin_descriptor"]

    /// Writes a copy of the ABI headers declaring version 1.1, with one member
    /// appended to each struct in `grownStructs`; returns its include folder.
    static func writeHeaderCopy(in folder: TemporaryFolder) throws -> String {
        var header = try String(contentsOfFile: Paths.abiInclude + "/switchboard/plugin.h", encoding: .utf8)
        let replacements = [
            ("#define SB_ABI_VERSION_MINOR 0", "#define SB_ABI_VERSION_MINOR 1"),
            ("#define SB_ABI_VERSION 0x00010000u", "#define SB_ABI_VERSION 0x00010001u"),
        ] + grownStructs.map { name in
            name == "sb_host"
                ? ("    const void *(*get_extension)(const sb_host *host, const char *extension_id);\n};",
                   "    const void *(*get_extension)(const sb_host *host, const char *extension_id);\n    int64_t appended_in_1_1;\n};")
                : ("} \(name);", "    int64_t appended_in_1_1;\n} \(name);")
        }
        for (old, new) in replacements {
            #expect(header.components(separatedBy: old).count == 2, "the header copy needs exactly one '\(old)'")
            header = header.replacingOccurrences(of: old, with: new)
        }
        let include = folder.file("include")
        try FileManager.default.createDirectory(atPath: include + "/switchboard/ext", withIntermediateDirectories: true)
        try header.write(toFile: include + "/switchboard/plugin.h", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: Paths.abiInclude + "/switchboard/ext/loopback.h", toPath: include + "/switchboard/ext/loopback.h")
        return include
    }

    /// A plugin built against a newer 1.x header (larger structs) loads in this 1.0
    /// host and exchanges messages: the host reads only the members it knows.
    @Test func pluginBuiltAgainstANewerMinorWorksWithThisHost() async throws {
        let folder = try TemporaryFolder()
        let include = try Self.writeHeaderCopy(in: folder)
        let plugins = folder.file("plugins")
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        // Not strict: positional initializers written for 1.0 leave the appended member zero, as intended.
        try CPlugin.build(Paths.cLoopbackSource, to: plugins + "/c-loopback-1.1.so", include: include)

        let catalog = PluginLoader(logger: quietLogger).loadAll(from: [.directory(plugins)])
        let plugin = try #require(catalog.plugin(id: "c-loopback"))
        #expect(plugin.info.abiVersion == "1.1")
        #expect(plugin.descriptor.struct_size > UInt32(MemoryLayout<sb_plugin_descriptor>.size))

        let config = try configuration("channels: [{id: next, provider: c-loopback, settings: {bot_name: N}}]", in: folder)
        let host = try Switchboard(configuration: config, catalog: catalog, logger: quietLogger)
        let updates = host.channels.statusUpdates()
        try await host.start()
        _ = try await host.channels.waitForStatus(of: "next", in: updates) { $0.state == .connected }
        let driver = try await LoopbackDriver(host.channels, channel: "next")
        var replies = try await driver.sentMessages().makeAsyncIterator()
        #expect(await driver.inject(id: "1", chat: "c", text: "across minors") == SB_OK)
        #expect(await replies.next() == SentMessage(chatID: "c", text: "across minors"))
        await host.shutdown()
    }

    /// A plugin built against 1.0 keeps loading and running when the host is a 1.x
    /// with appended members: the host's reader leaves the unknown member zero, and
    /// the plugin, handed a larger sb_host, uses only the members it knows.
    @Test func pluginBuiltAgainst10WorksWithAHostThatAppendedMembers() async throws {
        let folder = try TemporaryFolder()
        let library = try CPlugin.loopback(in: folder)
        let handle = try #require(dlopen(library, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE))
        let entry = unsafeBitCast(try #require(dlsym(handle, SB_PLUGIN_ENTRY_SYMBOL)), to: sb_plugin_entry_fn.self)
        let raw = try #require(entry(SB_ABI_VERSION_NEXT))

        // The 1.1 host's view of the 1.0 descriptor, read the way the loader reads it.
        let descriptor = try ABIStruct.copy(sb_plugin_descriptor_next.self, from: raw, requiredSize: ABI10.descriptorSize)
        #expect(descriptor.struct_size == UInt32(MemoryLayout<sb_plugin_descriptor>.size))
        #expect(descriptor.appended_in_1_1 == 0)
        #expect(String(cString: descriptor.id) == "c-loopback")

        // A 1.1 host table: the 1.0 members as the real bridge fills them, plus one more.
        let delivered = AsyncStream.makeStream(of: InboundMessage.self)
        let statuses = AsyncStream.makeStream(of: Int32.self)
        let executor = InstanceExecutor(label: "test.next")
        let bridge = HostBridge(
            channelID: "next", pluginID: "c-loopback", executor: executor, logger: quietLogger,
            handlers: .init(
                deliver: { message, stored in delivered.continuation.yield(message); stored(.ok, nil) },
                status: { state, _ in statuses.continuation.yield(state) }
            )
        )
        var hostNext = sb_host_next()
        withUnsafeMutableBytes(of: &hostNext) { bytes in
            bytes.copyMemory(from: UnsafeRawBufferPointer(start: bridge.hostTable, count: MemoryLayout<sb_host>.size))
        }
        hostNext.struct_size = UInt32(MemoryLayout<sb_host_next>.size)
        hostNext.abi_version = SB_ABI_VERSION_NEXT
        hostNext.appended_in_1_1 = 0x1111

        let instance: OpaquePointer = try withUnsafePointer(to: &hostNext) { pointer in
            try pointer.withMemoryRebound(to: sb_host.self, capacity: 1) { host in
                var instance: OpaquePointer?
                var error = ABIStruct.sized(sb_error.self)
                let code = #"{"bot_name":"N","disconnect_first_starts":0}"#.withCString {
                    descriptor.create(host, $0, &instance, &error)
                }
                guard code == SB_OK, let instance else { throw TestFailure("create failed: \(error.summary)") }
                return instance
            }
        }
        bridge.beginRun()
        var error = ABIStruct.sized(sb_error.self)
        #expect(descriptor.start(instance, &error) == SB_OK)
        var statusIterator = statuses.stream.makeAsyncIterator()
        #expect(await statusIterator.next() == SB_STATUS_CONNECTED)

        let table = try #require(descriptor.get_extension(SB_LOOPBACK_EXTENSION_ID)).assumingMemoryBound(to: sb_loopback_extension.self)
        withInboundMessage(id: "m", chat: "chat", text: "from 1.0") { table.pointee.inject(instance, $0, nil, nil) }
        var deliveredIterator = delivered.stream.makeAsyncIterator()
        let message = await deliveredIterator.next()
        #expect(message?.text == "from 1.0")
        #expect(message?.channelID == "next")
        descriptor.stop(instance)
        descriptor.destroy(instance)
        withExtendedLifetime(bridge) {}
    }
}
