import Foundation
import SwitchboardHTTP
import Testing

/// `switchboard sim`, run as a plugin author would.
@Suite(.timeLimit(.minutes(2))) struct SimCommandTests {
    /// The executable beside this test runner.
    static let executable: String = {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("switchboard").path
    }()

    @Test func simEchoServesUntilSIGTERM() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["sim", "echo", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let exited = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus) }
        try process.run()
        defer { if process.isRunning { process.interrupt() } }

        let line = try await firstLine(of: output.fileHandleForReading)
        let baseURL = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
        #expect(line.hasPrefix("echo simulator on http://127.0.0.1:"))
        #expect(line.contains("control API: \(baseURL)/_sim/"))

        let echo = HTTPRequest(method: "POST", url: baseURL + "/echo", body: Array("over the wire".utf8))
        let answer = try await client.execute(echo)
        #expect(answer.text == "over the wire")
        let log = try await client.execute(HTTPRequest(url: baseURL + "/_sim/requests"))
        #expect(log.text.contains(#""path":"\/echo""#))

        process.terminate()  // SIGTERM
        var exits = exited.stream.makeAsyncIterator()
        #expect(await exits.next() == 0)
    }

    @Test func anUnknownPlatformIsAnErrorNamingTheKnownOnes() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["sim", "telegrm"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)  // EX_USAGE
        #expect(message.contains("unknown simulator 'telegrm'; known simulators: dingtalk, echo, telegram"))
    }

    /// The first line `handle` yields, read off the cooperative pool.
    private func firstLine(of handle: FileHandle) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                var bytes = Data()
                while !bytes.contains(UInt8(ascii: "\n")) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    bytes += chunk
                }
                guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                    return continuation.resume(throwing: CocoaError(.fileReadUnknown))
                }
                continuation.resume(returning: String(decoding: bytes[..<newline], as: UTF8.self))
            }.start()
        }
    }
}
