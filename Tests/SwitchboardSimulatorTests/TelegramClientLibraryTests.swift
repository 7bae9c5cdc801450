import Foundation
import SwitchboardSimulator
import Testing

/// The official client library, python-telegram-bot, against the Telegram simulator:
/// Tests/Compatibility/telegram_client_library.py, run with the venv that
/// `scripts/install-deps.sh --compat` makes (scripts/test.sh runs it).
@Suite(.timeLimit(.minutes(2))) struct TelegramClientLibraryTests {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = packageRoot.appendingPathComponent(".build/compat-venv/bin/python3")
    static let script = packageRoot.appendingPathComponent("Tests/Compatibility/telegram_client_library.py")
    static let venvIsInstalled = FileManager.default.isExecutableFile(atPath: python.path)
    /// In CI the check must run; elsewhere it is skipped until the venv is installed.
    static let runs = venvIsInstalled || ProcessInfo.processInfo.environment["CI"] != nil

    @Test(.enabled(if: runs, "no .build/compat-venv: scripts/install-deps.sh --compat installs it"))
    func pythonTelegramBotWorksAgainstTheSimulator() async throws {
        try #require(Self.venvIsInstalled, "CI must have .build/compat-venv: run scripts/install-deps.sh --compat")
        let server = SimulatorServer(platform: TelegramSimulator(), logger: testLogger)
        try await server.start()
        let outcome = await result { try await Self.runScript(simulatorURL: server.baseURL) }
        await server.stop()
        let (status, output) = try outcome.get()
        #expect(status == 0, "\(output)")
        #expect(output.contains(" passed, 0 failed"), "\(output)")
    }

    /// Runs the script to its end, off the cooperative pool; returns its exit status and output.
    private static func runScript(simulatorURL: String) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path]
        process.environment = ProcessInfo.processInfo.environment.merging(["TELEGRAM_SIM_URL": simulatorURL]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return await withCheckedContinuation { continuation in
            Thread {
                // Read to the end first (the script has exited then), then reap it.
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, text))
            }.start()
        }
    }
}
