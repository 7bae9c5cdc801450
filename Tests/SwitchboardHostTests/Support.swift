import CSwitchboardABI
import Foundation
@testable import SwitchboardHost
import SwitchboardConfig
import Logging

/// Where the package and its build products are.
enum Paths {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    /// The build folder: the test runner lives there, beside the products.
    static let buildFolder = PluginLoader.bundledDirectory!
    static let abiInclude = packageRoot + "/Sources/CSwitchboardABI/include"
    static let cLoopbackSource = packageRoot + "/Plugins/CLoopback/c_loopback.c"
    static let faultySource = packageRoot + "/Tests/Fixtures/faulty_plugin.c"
    static let swiftLoopback = buildFolder + "/libswitchboard-provider-loopback.so"
    static let executable = buildFolder + "/switchboard"
}

/// A fresh folder, mode 0755, removed when the value is released.
final class TemporaryFolder {
    let path: String

    init() throws {
        let temporary = URL(fileURLWithPath: NSTemporaryDirectory()).standardizedFileURL.path
        var template = Array((temporary + "/switchboard-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        path = String(cString: made)
        chmod(path, 0o755)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ contents: String) throws -> String {
        let file = file(name)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The output of a finished process.
struct ProcessOutput {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs a program to completion.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, in folder: String? = nil) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessOutput(
        status: process.terminationStatus,
        standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData, as: UTF8.self)
    )
}

/// Builds provider plugins from C with the system compiler, as a third party would.
enum CPlugin {
    /// Compiles `source` into the shared library `output`.
    /// - Parameter strict: treat every warning of `-Wall -Wextra -pedantic` as an error.
    static func build(_ source: String, to output: String, defines: [String] = [], include: String = Paths.abiInclude, strict: Bool = false) throws {
        var arguments = ["-std=c99", "-shared", "-fPIC", "-fvisibility=hidden", "-I", include, "-o", output, source]
        if strict { arguments += ["-Wall", "-Wextra", "-pedantic", "-Werror"] }
        arguments += defines.map { "-D" + $0 }
        let result = try run("/usr/bin/cc", arguments)
        guard result.status == 0 else { throw TestFailure("cc failed for \(source): \(result.standardError)") }
    }

    /// The C loopback provider, built into `folder`.
    static func loopback(in folder: TemporaryFolder, name: String = "c-loopback.so") throws -> String {
        let output = folder.file(name)
        try build(Paths.cLoopbackSource, to: output, strict: true)
        return output
    }
}

/// A configuration read from YAML text, as the host would read a file in `folder`
/// (so the default data folder is `folder/data`).
func configuration(_ yaml: String, in folder: TemporaryFolder, environment: [String: String] = [:]) throws -> SwitchboardConfiguration {
    try ConfigLoader.parse(yaml: yaml, file: "test.yaml", baseDirectory: folder.path, environment: environment)
}

/// A host on `yaml` (read as a file in `folder`) with the plugins in `pluginFolder`, if
/// any, and those built with the package.
func makeHost(_ yaml: String, in folder: TemporaryFolder, pluginFolder: String? = nil,
              clock: @escaping @Sendable () -> Date = { Date() }) throws -> Switchboard {
    let sources: [PluginOrigin] = (pluginFolder.map { [.directory($0)] } ?? []) + [.bundled(Paths.buildFolder)]
    let catalog = PluginLoader(logger: quietLogger).loadAll(from: sources)
    return try Switchboard(configuration: try configuration(yaml, in: folder), catalog: catalog, logger: quietLogger, clock: clock)
}

/// A logger that drops everything below warnings, to keep test output readable.
let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return logger
}()

extension ChannelManager {
    /// Waits until `channelID` reports a status matching `predicate`; returns it.
    func waitForStatus(
        of channelID: String, in updates: AsyncStream<ChannelStatus>, where predicate: (ChannelStatus) -> Bool
    ) async throws -> ChannelStatus {
        if let current = try? await status(of: channelID), predicate(current) { return current }
        for await status in updates where status.channelID == channelID && predicate(status) {
            return status
        }
        throw TestFailure("status updates ended before \(channelID) reached the expected state")
    }

    /// The first status of `channelID` matching `predicate`, now or later.
    func settledStatus(of channelID: String, where predicate: (ChannelStatus) -> Bool) async throws -> ChannelStatus {
        try await waitForStatus(of: channelID, in: statusUpdates(), where: predicate)
    }

    /// Waits for `channelID` to connect; fails at once when the channel fails.
    func waitUntilConnected(_ channelID: String) async throws {
        let status = try await settledStatus(of: channelID) { [.connected, .failed].contains($0.state) }
        guard status.state == .connected else { throw TestFailure("the channel failed: \(String(describing: status.lastError))") }
    }
}

/// Reads lines from a pipe as they arrive; `next()` blocks until a line or the end.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty {
                defer { buffer.removeAll() }
                return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
            }
            buffer.append(chunk)
        }
    }
}

/// Calls `body` with a C inbound message (a private chat unless `group`), as a plugin would build it.
func withInboundMessage<T>(
    id: String, chat: String, text: String, sender: String? = nil, group: Bool = false, mentionsBot: Bool = false,
    _ body: (UnsafeMutablePointer<sb_inbound_message>) -> T
) -> T {
    let arena = CStringArena()
    var message = ABIStruct.sized(sb_inbound_message.self)
    message.message_id = arena.copy(id)
    message.chat_id = arena.copy(chat)
    message.chat_type = group ? SB_CHAT_GROUP : SB_CHAT_PRIVATE
    message.sender_id = arena.copy(sender ?? chat)
    message.text = arena.copy(text)
    message.mentions_bot = mentionsBot ? 1 : 0
    return withExtendedLifetime(arena) { body(&message) }
}
