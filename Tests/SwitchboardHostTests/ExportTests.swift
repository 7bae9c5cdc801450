import Testing

/// Plugins export their entry point and nothing else (DESIGN.md, ABI rule 10).
@Suite(.timeLimit(.minutes(2))) struct ExportTests {
    /// The globally bound symbols a shared library defines, as `nm -D` lists them.
    static func exportedSymbols(of library: String) throws -> [String] {
        let output = try run("/usr/bin/nm", ["-D", "--defined-only", library])
        guard output.status == 0 else { throw TestFailure("nm failed: \(output.standardError)") }
        return output.standardOutput.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            // Upper-case types are global (exported); lower-case ones are local to the library.
            guard fields.count == 3, fields[1].first!.isUppercase else { return nil }
            return String(fields[2])
        }
    }

    @Test func swiftPluginExportsOnlyTheEntry() throws {
        #expect(try Self.exportedSymbols(of: Paths.swiftLoopback) == ["switchboard_plugin_entry"])
    }

    @Test func cPluginExportsOnlyTheEntry() throws {
        let folder = try TemporaryFolder()
        let library = try CPlugin.loopback(in: folder)
        #expect(try Self.exportedSymbols(of: library) == ["switchboard_plugin_entry"])
    }
}
