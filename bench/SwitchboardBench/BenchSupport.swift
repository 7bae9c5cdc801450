import Foundation

/// A scratch folder for one benchmark run: plugins, configurations, data.
struct BenchWorkspace {
    /// The package root: benchmarks run from a checkout.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    let path: String
    var pluginFolder: String { path + "/plugins" }

    init() throws {
        path = NSTemporaryDirectory() + "switchboard-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: pluginFolder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
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

    func writeConfig(name: String, _ yaml: String) throws -> String {
        let file = path + "/\(name).yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// `switchboard run` as a child process, from the same build folder as the benchmark.
final class HostProcess {
    private let process = Process()
    var pid: Int32 { process.processIdentifier }

    init(config: String) throws {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        process.executableURL = folder.appendingPathComponent("switchboard")
        process.arguments = ["run", "--config", config]
        process.standardOutput = FileHandle.nullDevice  // its banner; warnings and errors still show
        try process.run()
    }

    func stop() {
        guard process.isRunning else { return }
        process.interrupt()
        process.waitUntilExit()
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
        let counts: [(name: String, count: Int)] = Dictionary(grouping: names, by: { $0 }).map { ($0.key, $0.value.count) }
        let ordered = counts.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        return ordered.map { "\($0.name) ×\($0.count)" }.joined(separator: ", ")
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
