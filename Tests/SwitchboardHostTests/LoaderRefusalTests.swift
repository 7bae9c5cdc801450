import Foundation
import Testing
@testable import SwitchboardHost

/// Every refusal of the loader, on real shared libraries built by the system compiler.
/// Each folder also holds a valid plugin, which must still load.
@Suite(.timeLimit(.minutes(2))) struct LoaderRefusalTests {
    /// Builds every faulty variant beside a good C loopback; returns file name → expected reason fragment.
    static func buildFaultyFolder(_ folder: TemporaryFolder) throws -> [String: String] {
        _ = try CPlugin.loopback(in: folder, name: "good.so")
        let variants: [(String, [String], String)] = [
            ("no-entry.so", ["FAULT_NO_ENTRY"], "no entry symbol switchboard_plugin_entry"),
            ("declines.so", ["FAULT_ENTRY_RETURNS_NULL"], "declined host ABI 1.0"),
            ("wrong-major.so", ["FAULT_ABI_VERSION=0x00020000u", "FAULT_ID=\"major\""], "built for ABI 2.0, this host speaks ABI 1.0"),
            ("too-small.so", ["FAULT_DESCRIPTOR_SIZE=16", "FAULT_ID=\"small\""], "sb_plugin_descriptor.struct_size is 16 bytes"),
            ("null-send.so", ["FAULT_NULL_SEND", "FAULT_ID=\"nullsend\""], "mandatory member sb_plugin_descriptor.send is NULL"),
            ("toolchain.so", ["FAULT_TOOLCHAIN=\"clang 0.0 (elsewhere); x86_64-linux\"", "FAULT_ID=\"toolchain\""], "different Swift toolchain"),
            ("no-edit-table.so", ["FAULT_EDIT_WITHOUT_TABLE", "FAULT_ID=\"noedit\""], "declares SB_STREAM_EDIT but get_extension(\"switchboard.edit/1\") returns NULL"),
            ("bad-schema.so", ["FAULT_BAD_SCHEMA", "FAULT_ID=\"badschema\""], "config_schema is not a valid settings schema"),
            ("bad-id.so", ["FAULT_ID=\"Bad Id!\""], "'Bad Id!' must be non-empty and use only a-z 0-9 . _ -"),
        ]
        var expected: [String: String] = [:]
        for (name, defines, reason) in variants {
            try CPlugin.build(Paths.faultySource, to: folder.file(name), defines: defines)
            expected[name] = reason
        }
        _ = try folder.write("not-elf.so", "this is a text file\n")
        expected["not-elf.so"] = "not an ELF shared library"
        let writable = try CPlugin.loopback(in: folder, name: "writable.so")
        chmod(writable, 0o666)
        expected["writable.so"] = "writable by group or others (mode 666)"
        _ = try CPlugin.loopback(in: folder, name: "zz-duplicate.so")
        expected["zz-duplicate.so"] = "plugin id 'c-loopback' is already provided by \(folder.file("good.so"))"
        return expected
    }

    @Test func eachBrokenPluginIsRefusedWithItsReasonAndTheGoodOneLoads() throws {
        let folder = try TemporaryFolder()
        let expected = try Self.buildFaultyFolder(folder)
        let catalog = PluginLoader(logger: quietLogger).loadAll(from: [.directory(folder.path)])

        #expect(catalog.pluginIDs == ["c-loopback"])
        #expect(catalog.plugin(id: "c-loopback")?.file == folder.file("good.so"))
        for report in catalog.reports where report.file != folder.file("good.so") {
            let name = String(report.file.split(separator: "/").last!)
            guard case let .failure(refusal) = report.outcome else {
                Issue.record("\(name) loaded but should have been refused")
                continue
            }
            let reason = try #require(expected[name], "unexpected file \(name)")
            #expect(refusal.reasonDescription.contains(reason), "\(name): \(refusal.reasonDescription)")
            #expect(refusal.description.hasPrefix("refused plugin \(report.file): "))
        }
        #expect(catalog.reports.count == expected.count + 1)
    }

    @Test func aFolderWritableByOthersIsRefused() throws {
        let folder = try TemporaryFolder()
        _ = try CPlugin.loopback(in: folder)
        chmod(folder.path, 0o777)
        let catalog = PluginLoader(logger: quietLogger).loadAll(from: [.directory(folder.path)])
        let report = try #require(catalog.reports.first)
        guard case let .failure(refusal) = report.outcome else {
            Issue.record("a plugin in a world-writable folder was loaded")
            return
        }
        #expect(refusal.reasonDescription == "\(folder.path) is writable by group or others (mode 777); fix with chmod go-w")
    }

    @Test func aMissingPluginFolderIsNotAnError() {
        let catalog = PluginLoader(logger: quietLogger).loadAll(from: [.directory("/nonexistent/plugins.d")])
        #expect(catalog.reports.isEmpty)
    }
}
