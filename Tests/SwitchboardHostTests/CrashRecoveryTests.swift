import Foundation
import Testing

/// Kill the host with SIGKILL in the middle of a stream, start it again, and every
/// message is answered exactly once, in per-chat order.
@Suite(.timeLimit(.minutes(2))) struct CrashRecoveryTests {
    struct ScriptLine: Codable { let id: String; let chat: String; let text: String }
    struct JournalLine: Codable { let key: String; let chat: String; let reply_to: String; let text: String }

    static let messages = 1_000
    static let chats = 50

    @Test func sigkillMidStreamLosesAndRepeatsNothing() async throws {
        let folder = try TemporaryFolder()
        let script = (0..<Self.messages).map { index in
            ScriptLine(id: "m\(index)", chat: "chat-\(index % Self.chats)", text: "message \(index) for chat \(index % Self.chats)")
        }
        let encoder = JSONEncoder()
        _ = try folder.write("script.jsonl", script.map { String(decoding: try! encoder.encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n")
        let config = try folder.write("config.yaml", """
        host: {data_dir: ./data, log_level: info}
        channels:
          - id: main
            provider: loopback
            access: {rate_limit: {messages: 0}}
            settings: {script: \(folder.file("script.jsonl")), journal: \(folder.file("journal.jsonl"))}
        """)

        // First run: killed once 300 messages are stored, whatever it was doing.
        let first = try HostProcess(config: config, in: folder)
        try first.waitForLog { $0.contains("script: delivered 300 of \(Self.messages)") }
        first.kill()

        // Second run: resumes where the first stopped, and finishes.
        let second = try HostProcess(config: config, in: folder)
        var log = try second.waitForLog { $0.contains("script: all \(Self.messages) messages answered") }
        let resumedAt = try #require(log.firstMatch(of: /resuming at (\d+)/).flatMap { Int($0.1) })
        #expect((300..<Self.messages).contains(resumedAt), "the second run resumed mid-stream, at \(resumedAt)")
        let (status, rest) = second.terminate()
        log += rest
        #expect(status == 0)
        // A reply is sent again only when the kill fell between its send and the record
        // of it; each chat has at most one reply in that window.
        let repeats = log.components(separatedBy: "platform dropped a repeated send").count - 1
        #expect(repeats <= Self.chats, "\(repeats) replies were sent again after the restart")

        let journal = try String(contentsOfFile: folder.file("journal.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(JournalLine.self, from: Data($0.utf8)) }
        let byMessage = Dictionary(grouping: journal, by: \.reply_to)
        #expect(journal.count == Self.messages, "one reply per message, no more")
        for line in script {
            let replies = byMessage[line.id] ?? []
            #expect(replies.count == 1, "\(line.id) answered \(replies.count) times")
            #expect(replies.first?.text == line.text && replies.first?.chat == line.chat)
        }
        for chat in 0..<Self.chats {
            let order = journal.filter { $0.chat == "chat-\(chat)" }.map { Int($0.reply_to.dropFirst())! }
            #expect(order == order.sorted(), "chat-\(chat) answered in order")
        }
    }
}

/// `switchboard run` as a child process whose log the test reads line by line.
final class HostProcess {
    private let process = Process()
    private let log: LineReader

    init(config: String, in folder: TemporaryFolder) throws {
        process.executableURL = URL(fileURLWithPath: Paths.executable)
        process.arguments = ["run", "--config", config]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        log = LineReader(errors.fileHandleForReading)
        try process.run()
    }

    /// Reads the log until a line matches; returns everything read. Fails (rather than
    /// hangs) when the process ends first or two minutes pass.
    @discardableResult
    func waitForLog(until matches: (String) -> Bool) throws -> String {
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.interrupt() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        defer { watchdog.cancel() }
        var seen = ""
        while let line = log.next() {
            seen += line + "\n"
            if matches(line) { return seen }
        }
        throw TestFailure("the host's log ended before the expected line:\n\(seen.suffix(2000))")
    }

    /// Sends SIGKILL; returns the rest of the log.
    @discardableResult
    func kill() -> String {
        Glibc.kill(process.processIdentifier, SIGKILL)
        return restOfLogAfterExit()
    }

    /// Sends SIGTERM; returns the exit status and the rest of the log.
    func terminate() -> (status: Int32, log: String) {
        process.terminate()
        let rest = restOfLogAfterExit()
        return (process.terminationStatus, rest)
    }

    /// Reads the log to its end, then waits for the process to exit.
    private func restOfLogAfterExit() -> String {
        var rest = ""
        while let line = log.next() { rest += line + "\n" }
        process.waitUntilExit()
        return rest
    }
}
