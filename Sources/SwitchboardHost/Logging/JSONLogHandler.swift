public import Logging
import Foundation
import Synchronization
import SwitchboardConfig

/// Writes one JSON object per log line to standard error, for log collectors.
///
/// Fields: `time` (ISO 8601 with milliseconds), `level`, `label`, `message`, then the
/// metadata keys.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", Self.timeFormat.format(Date())),
            ("level", event.level.rawValue), ("label", label), ("message", "\(event.message)"),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() { fields.append((key, "\(merged[key]!)")) }
        let line = "{" + fields.map { "\(JSONText.quote($0)):\(JSONText.quote($1))" }.joined(separator: ",") + "}\n"
        StandardError.write(line)
    }

}

/// Whole-line writes to standard error, so lines from different threads never interleave.
enum StandardError {
    private static let lock = Mutex(())

    static func write(_ line: String) {
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}
