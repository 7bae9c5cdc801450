import Foundation
import SwitchboardHTTP
import Testing

/// The `switchboard` executable, run as an operator would.
@Suite(.timeLimit(.minutes(2))) struct CommandLineTests {
    @Test func pluginsListShowsEveryFileWithItsStatusOrReason() throws {
        let folder = try TemporaryFolder()
        let expected = try LoaderRefusalTests.buildFaultyFolder(folder)
        let output = try run(Paths.executable, ["plugins", "list", "--plugin-dir", folder.path, "--config", folder.file("none.yaml")])
        #expect(output.status == 0)
        let lines = output.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("FILE") == true)
        for (name, reason) in expected {
            let line = lines.first { $0.hasPrefix(folder.file(name) + " ") }
            #expect(line?.contains("refused: ") == true && line?.contains(reason) == true, "\(name): \(line ?? "missing")")
        }
        let good = lines.first { $0.hasPrefix(folder.file("good.so")) }
        #expect(good?.contains("c-loopback") == true && good?.contains("1.0.0") == true && good?.hasSuffix("loaded") == true)
        #expect(lines.contains { $0.contains("libswitchboard-provider-loopback.so") && $0.hasSuffix("loaded (bundled)") })
    }

    /// Each configuration mistake is reported with file:line:column and the key path.
    @Test(arguments: [
        ("bad-yaml", "channels:\n  - id: [a\n", "bad-yaml.yaml:4:1: invalid YAML"),
        ("unknown-provider", "channels:\n  - id: a\n    provider: telegrm\n", "unknown-provider.yaml:4:15: channels[0].provider: unknown provider 'telegrm'"),
        ("missing-setting", "channels:\n  - id: a\n    provider: c-loopback\n    settings: {token: x}\n", "missing-setting.yaml:5:15: channels[0].settings: missing required setting 'bot_name'"),
        ("wrong-type", "channels:\n  - id: a\n    provider: c-loopback\n    settings:\n      bot_name: B\n      disconnect_first_starts: two\n", "wrong-type.yaml:7:32: channels[0].settings.disconnect_first_starts: expected an integer, found string \"two\""),
        ("unknown-mode", "channels:\n  - id: a\n    provider: c-loopback\n    streaming: {modes: [edits]}\n    settings: {bot_name: B}\n", "unknown-mode.yaml:5:25: channels[0].streaming.modes[0]: expected one of native, draft, append, edit, found string \"edits\""),
        ("undeclared-mode", "channels:\n  - id: a\n    provider: c-loopback\n    streaming: {modes: [edit]}\n    settings: {bot_name: B}\n", "undeclared-mode.yaml:5:24: channels[0].streaming.modes: provider 'c-loopback' does not declare edit (it declares: no streaming)"),
        ("unset-variable", "channels:\n  - id: a\n    provider: c-loopback\n    settings:\n      bot_name: ${SWITCHBOARD_TEST_UNSET}\n", "unset-variable.yaml:6:17: channels[0].settings.bot_name: environment variable SWITCHBOARD_TEST_UNSET is not set"),
    ])
    func checkConfigReportsPositions(name: String, channels: String, expected: String) throws {
        let folder = try TemporaryFolder()
        _ = try CPlugin.loopback(in: folder)
        let file = try folder.write("\(name).yaml", "plugin_dirs: [\(folder.path)]\n" + channels)
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_TEST_UNSET"] = nil
        let output = try run(Paths.executable, ["check-config", "--config", file], environment: environment, in: folder.path)
        #expect(output.status == 78, "check-config must fail: \(output.standardOutput)")
        let firstLine = output.standardError.split(separator: "\n").first.map(String.init)
        #expect(firstLine?.hasPrefix(file.replacingOccurrences(of: "\(name).yaml", with: "") + expected) == true,
                "expected '\(expected)' in: \(output.standardError)")
    }

    @Test func checkConfigAcceptsTheExampleAndMasksSecrets() throws {
        let output = try run(Paths.executable, ["check-config", "--config", Paths.packageRoot + "/config.yaml.example"],
                             environment: ["DEMO_TOKEN": "abcdefghijklmnop-secret"], in: Paths.packageRoot)
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("OK"))
        #expect(!output.standardOutput.contains("abcdefghijklmnop-secret"))
        #expect(output.standardOutput.contains("cret"))
    }

    @Test func missingConfigFileSaysWhatToDo() throws {
        let folder = try TemporaryFolder()
        let output = try run(Paths.executable, ["check-config"], in: folder.path)
        #expect(output.status == 78)
        #expect(output.standardError.contains("configuration file config.yaml not found"))
        #expect(output.standardError.contains("--example-config"))
    }

    /// `switchboard run` on the example: reports what runs, answers the loopback
    /// greeting through the echo agent, and exits cleanly on SIGTERM.
    @Test func runServesTheExampleAndStopsOnSIGTERM() async throws {
        // The example as a newcomer has it, in a folder of its own (its data folder is ./data).
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: Paths.packageRoot + "/config.yaml.example", toPath: folder.file("config.yaml.example"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Paths.executable)
        process.arguments = ["run", "--example-config"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        var environment = ProcessInfo.processInfo.environment
        environment["DEMO_TOKEN"] = "abcdefghijklmnop-secret"
        environment["SWITCHBOARD_INGRESS_LISTEN"] = "127.0.0.1:0"  // the example's 8080 may be taken here
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let exited = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus) }
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            process.interrupt()  // a run that never says what the test waits for fails instead of hanging
        }
        defer { watchdog.cancel() }

        var summary = ""
        let summaryLines = LineReader(output.fileHandleForReading)
        while let line = summaryLines.next() {
            summary += line + "\n"
            if line.hasPrefix("Stop with") { break }
        }
        #expect(summary.contains("Switchboard is running with"))
        #expect(summary.contains("channel demo (loopback, agent echo): connected"))
        #expect(summary.contains("channel webchat (webchat, agent echo): connected"))
        let pageLine = try #require(summary.split(separator: "\n").first { $0.contains("Open the chat page of channel webchat: ") })
        let page = try await HTTPClient(proxy: "").execute(HTTPRequest(url: String(pageLine.split(separator: " ").last ?? "")))
        #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self).contains("id=\"composer\""),
                "the printed URL is a working chat page")
        var log = ""
        let logLines = LineReader(errors.fileHandleForReading)
        while let line = logLines.next() {
            log += line + "\n"
            if line.contains("reply to chat console: Hello, Switchboard!") { break }
        }
        process.terminate()  // SIGTERM
        var exits = exited.stream.makeAsyncIterator()
        #expect(await exits.next() == 0)
        while let line = logLines.next() { log += line + "\n" }
        #expect(log.contains("reply to chat console: Hello, Switchboard!"), "the greeting was echoed: \(log)")
        #expect(!log.contains("abcdefghijklmnop-secret"), "secrets never reach the log")
        #expect(FileManager.default.fileExists(atPath: folder.file("data/switchboard.sqlite")))
    }
}
