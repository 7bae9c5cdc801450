import Foundation

/// One figure in a table: a number shown with a fixed number of decimals, or text.
enum Figure: Encodable {
    case number(Double, decimals: Int)
    case text(String)

    static func count(_ value: Int) -> Figure { .number(Double(value), decimals: 0) }
    static func milliseconds(_ duration: Duration, decimals: Int = 1) -> Figure { .number(duration.milliseconds, decimals: decimals) }
    static func mebibytes(_ bytes: Int) -> Figure { .number(Double(bytes) / 1_048_576, decimals: 1) }

    var shown: String {
        switch self {
        case let .number(value, decimals): String(format: "%.\(decimals)f", value)
        case let .text(text): text
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(value, _): try container.encode(value)
        case let .text(text): try container.encode(text)
        }
    }
}

/// One scenario's figures: a row per configuration measured, a column per figure.
struct ResultTable: Encodable {
    struct Column: Encodable {
        /// The figure's name in JSON, with its unit, e.g. "p99_ms".
        let key: String
        /// Its header in Markdown.
        let header: String
    }

    struct Row: Encodable {
        let label: String
        let values: [String: Figure]
    }

    /// The scenario's command name, e.g. "throughput".
    let scenario: String
    let title: String
    let columns: [Column]
    var rows: [Row] = []
    /// What was measured and how, for readers of the table.
    var notes: [String] = []
    /// The command that measures this scenario alone.
    let reproduce: String

    init(scenario: String, title: String, columns: [(key: String, header: String)], reproduce: String) {
        self.scenario = scenario
        self.title = title
        self.columns = columns.map { Column(key: $0.key, header: $0.header) }
        self.reproduce = reproduce
    }

    mutating func add(_ label: String, _ values: [String: Figure]) {
        rows.append(Row(label: label, values: values))
    }

    /// The table in GitHub Markdown, with its notes and the command under it.
    var markdown: String {
        // Numbers align right, text left.
        let alignments = columns.map { column in
            rows.allSatisfy { if case .text = $0.values[column.key] { true } else { false } } ? "---|" : "---:|"
        }
        var lines = ["### \(title)", "", "| | " + columns.map(\.header).joined(separator: " | ") + " |",
                     "|---|" + alignments.joined()]
        for row in rows {
            lines.append("| \(row.label) | " + columns.map { row.values[$0.key]?.shown ?? "–" }.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines += notes.map { "- \($0)" }
        lines.append("- reproduce: `\(reproduce)`")
        return lines.joined(separator: "\n")
    }
}

/// The machine a run measured on.
struct MachineDescription: Encodable {
    let cpu: String
    let cores: Int
    let memoryGibibytes: Double
    let system: String
    /// "release" or "debug": how the host and benchmark were compiled.
    let build: String

    static var current: MachineDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) }
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let system = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return MachineDescription(
            cpu: model ?? "unknown CPU", cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGibibytes: (Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824 * 10).rounded() / 10,
            system: system ?? "Linux", build: build
        )
    }

    var summary: String { "\(cores) cores (\(cpu)), \(memoryGibibytes) GiB, \(system), \(build) build" }
}

/// Everything one `switchboard-bench all` measured: written as Markdown and JSON.
struct BenchReport: Encodable {
    let date: String
    let machine: MachineDescription
    let command: String
    /// How long the whole run took, in seconds.
    var durationSeconds: Double = 0
    var scenarios: [ResultTable] = []
    /// Scenarios that could not report, with the reason (a wrong answer, a crash).
    var failures: [String: String] = [:]

    init(command: String) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withTimeZone]
        date = formatter.string(from: Date())
        machine = .current
        self.command = command
    }

    var markdown: String {
        var parts = ["## Benchmark results",
                     "\(date), \(machine.summary). Run by `\(command)` in \(Int(durationSeconds.rounded())) s."]
        for (scenario, reason) in failures.sorted(by: { $0.key < $1.key }) {
            parts.append("**\(scenario) reported no figures:** \(reason)")
        }
        parts += scenarios.map(\.markdown)
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// Writes `results.md` and `results.json` into `folder`; returns their paths.
    func write(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let markdownFile = folder + "/results.md", jsonFile = folder + "/results.json"
        try markdown.write(toFile: markdownFile, atomically: true, encoding: .utf8)
        try encoder.encode(self).write(to: URL(fileURLWithPath: jsonFile))
        return [markdownFile, jsonFile]
    }
}
