import Foundation
import Logging
import Synchronization
import SwitchboardSimulator

/// A scratch folder for one benchmark run: plugins, configurations, data. Removed
/// when the run ends.
final class BenchWorkspace {
    /// The package root: benchmarks run from a checkout.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    let path: String
    var pluginFolder: String { path + "/plugins" }

    /// The workspaces in use, removed also when the benchmark is interrupted.
    private static let inUse = Mutex<Set<String>>([])

    init() throws {
        path = NSTemporaryDirectory() + "switchboard-bench-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: pluginFolder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        let path = path
        Self.inUse.withLock { _ = $0.insert(path) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
        let path = path
        Self.inUse.withLock { _ = $0.remove(path) }
    }

    /// Removes every workspace still in use (the benchmark is being interrupted).
    static func removeAll() {
        for path in inUse.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Compiles a C provider into the plugin folder, as a third party would.
    func buildPlugin(source: String, name: String) throws -> String {
        let output = pluginFolder + "/\(name).so"
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        compiler.arguments = ["-std=c99", "-O2", "-shared", "-fPIC", "-fvisibility=hidden",
                              "-I", Self.packageRoot + "/Sources/CSwitchboardABI/include", "-o", output, source]
        try compiler.run()
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0 else { throw BenchFailure("cc failed for \(source)") }
        return output
    }

    /// Writes a host configuration whose data folder is `data-<name>`, fresh for each run.
    func writeConfig(name: String, _ yaml: String) throws -> String {
        let file = path + "/\(name).yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The data folder for the configuration called `name`.
    func dataFolder(_ name: String) -> String {
        path + "/data-\(name)"
    }
}

/// A program the benchmark runs beside itself (the host, the peer bot), with the
/// proxy variables removed: everything it talks to is on loopback. Every one still
/// running is killed when the benchmark is interrupted (`stopOnInterrupt()`).
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    var pid: Int32 { process.processIdentifier }

    /// The children running now, by process id.
    private static let running = Mutex<Set<Int32>>([])

    init(executable: String, arguments: [String], output: Pipe? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
            environment[name] = nil
        }
        process.environment = environment
        process.standardOutput = output ?? FileHandle.nullDevice
        try Self.spawn(process)
        let pid = process.processIdentifier
        Self.running.withLock { _ = $0.insert(pid) }
    }

    var isRunning: Bool { process.isRunning }

    /// SIGINT, as an operator's Ctrl-C, then waits for the program to exit; SIGKILL if
    /// it has not within `grace`.
    func stop(grace: Duration = .seconds(20)) async {
        if process.isRunning {
            process.interrupt()
            let exited = await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
                DispatchQueue.global().async {
                    let deadline = Date(timeIntervalSinceNow: grace.seconds)
                    while self.process.isRunning, Date() < deadline { usleep(10_000) }
                    done.resume(returning: !self.process.isRunning)
                }
            }
            if !exited {
                printError("\(process.executableURL?.lastPathComponent ?? "a child") did not stop within \(grace) of SIGINT: killed")
                kill(pid, SIGKILL)
                process.waitUntilExit()
            }
        }
        let pid = pid
        Self.running.withLock { _ = $0.remove(pid) }
    }

    /// On SIGINT or SIGTERM, kills every child still running, removes the workspaces
    /// and exits, so an interrupted benchmark leaves no host, bot or data behind.
    static func stopOnInterrupt() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                for pid in running.withLock({ $0 }) {
                    kill(pid, SIGKILL)
                    waitpid(pid, nil, 0)
                }
                BenchWorkspace.removeAll()
                exit(130)
            }
            source.resume()
            interruptSources.append(source)
        }
    }

    /// Kept alive for the life of the program; set once, from `main`, before any task runs.
    nonisolated(unsafe) private static var interruptSources: [any DispatchSourceSignal] = []

    /// Starts `process` from a thread that blocks no signals. A child inherits the
    /// signal mask of the thread that spawns it, and the threads running Swift tasks
    /// block them all: a Python child would never see the SIGINT that stops it.
    private static func spawn(_ process: Process) throws {
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        let spawned = DispatchSemaphore(value: 0)
        let thread = Thread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            let result = Result { try process.run() }
            outcome.withLock { $0 = result }
            spawned.signal()
        }
        thread.start()
        spawned.wait()
        try outcome.withLock { $0 }?.get()
    }
}

/// `switchboard run` as a child process, from the same build folder as the benchmark
/// (bundled plugins beside it), started and followed until it prints its summary.
final class HostProcess: @unchecked Sendable {
    let child: ChildProcess
    /// From starting the program to its summary, printed once every channel settled.
    let startup: Duration
    /// The summary: plugins and each channel's state.
    let summary: String
    var pid: Int32 { child.pid }

    /// The `switchboard` executable beside the benchmark's.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("switchboard").path
    }

    /// Starts a host on `config` and returns once its summary says every channel is
    /// connected; throws with the summary otherwise.
    static func start(config: String) async throws -> HostProcess {
        let output = Pipe()
        let started = ContinuousClock.now
        let child = try ChildProcess(executable: executable, arguments: ["run", "--config", config], output: output)
        // A host that never prints its summary is stopped, which ends the reading.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            printError("the host printed no summary within 60 s")
            await child.stop(grace: .seconds(5))
        }
        defer { watchdog.cancel() }
        let summary = try await SummaryReader.read(output.fileHandleForReading)
        let startup = ContinuousClock.now - started
        let host = HostProcess(child: child, startup: startup, summary: summary)
        // "connected", or "connected (<the last error before it connected>)".
        guard !host.channelLines.isEmpty, host.channelLines.allSatisfy({ $0.contains("): connected") }) else {
            await host.stop()
            throw BenchFailure("not every channel connected:\n\(summary)")
        }
        return host
    }

    private init(child: ChildProcess, startup: Duration, summary: String) {
        self.child = child
        self.startup = startup
        self.summary = summary
    }

    /// The summary's line for each channel: "  channel <id> (<provider>, agent <name>): <state>".
    var channelLines: [Substring] {
        summary.split(separator: "\n").filter { $0.hasPrefix("  channel ") }
    }

    /// The plugins the summary lists: "id version, ...".
    var plugins: Substring {
        summary.split(separator: "\n").first { $0.hasPrefix("  plugins: ") }?.dropFirst("  plugins: ".count) ?? ""
    }

    func stop() async {
        await child.stop()
    }
}

/// Reads a host's standard output up to the end of its summary ("Stop with Ctrl-C…"),
/// then keeps draining it so the host never blocks on a full pipe.
private enum SummaryReader {
    static func read(_ handle: FileHandle) async throws -> String {
        try await withCheckedThrowingContinuation { (summary: CheckedContinuation<String, any Error>) in
            DispatchQueue.global().async {
                var text = ""
                var answered = false
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    guard !answered else { continue }
                    text += String(decoding: data, as: UTF8.self)
                    if text.contains("Stop with Ctrl-C") {
                        answered = true
                        summary.resume(returning: text)
                    }
                }
                if !answered { summary.resume(throwing: BenchFailure("the host exited before it was ready:\n\(text)")) }
            }
        }
    }
}

/// The threads of a process, by name, read from /proc.
struct ThreadCensus {
    let names: [String]

    init(pid: Int32) throws {
        let tasks = "/proc/\(pid)/task"
        names = try FileManager.default.contentsOfDirectory(atPath: tasks).map { task in
            let name = (try? String(contentsOfFile: "\(tasks)/\(task)/comm", encoding: .utf8)) ?? "?"
            return name.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    var total: Int { names.count }

    func count(named name: String) -> Int {
        names.filter { $0 == name }.count
    }

    /// "name ×n, ..." with the most numerous first.
    var summary: String {
        tally(names).map { "\($0.name) ×\($0.count)" }.joined(separator: ", ")
    }
}

/// How often each name occurs, the most frequent first (then by name).
func tally(_ names: [String]) -> [(name: String, count: Int)] {
    var counts: [String: Int] = [:]
    for name in names { counts[name, default: 0] += 1 }
    return counts.map { (name: $0.key, count: $0.value) }
        .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
}

/// What a process holds and has used, from /proc.
struct ProcessGauge {
    /// Resident memory now (VmRSS), in bytes.
    let residentBytes: Int
    /// The most resident memory so far (VmHWM), in bytes.
    let peakResidentBytes: Int
    /// User plus system CPU time, all threads.
    let cpuTime: Duration
    let threads: Int

    init(pid: Int32) throws {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") ?? 0
        }
        residentBytes = field("VmRSS") * 1024
        peakResidentBytes = field("VmHWM") * 1024
        threads = field("Threads")
        // Fields 14 and 15 (utime, stime, in clock ticks) after the parenthesised name.
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: stat.lastIndex(of: ")") ?? stat.startIndex)...].split(separator: " ")
        let ticks = (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
        cpuTime = .milliseconds(ticks * 1000 / sysconf(Int32(_SC_CLK_TCK)))
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }

    var seconds: Double { milliseconds / 1000 }
}

/// `body`'s result, or a failure naming `what` once `limit` has passed.
func within<T: Sendable>(_ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw BenchFailure("\(what) took longer than \(limit)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// `body`'s result, after `stop` has run, whether `body` returned or threw.
func stopping<T>(_ stop: () async -> Void, after body: () async throws -> T) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await stop()
        throw error
    }
    await stop()
    return result
}

/// Starts every server, runs `body`, and stops them all again, whether `body`
/// returned or threw.
func withServers<T>(_ servers: [SimulatorServer], _ body: () async throws -> T) async throws -> T {
    try await stopping({ for server in servers { await server.stop() } }) {
        for server in servers { try await server.start() }
        return try await body()
    }
}

/// A simulator server for a benchmark: quiet unless something goes wrong.
func quietServer(_ platform: any PlatformSimulator) -> SimulatorServer {
    var logger = Logger(label: "switchboard.simulator")
    logger.logLevel = .warning
    return SimulatorServer(platform: platform, logger: logger)
}
