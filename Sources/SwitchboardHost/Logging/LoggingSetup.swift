public import Logging
public import SwitchboardConfig

/// Installs the process's log backend: text or JSON lines on standard error, at the
/// configured level.
public enum LoggingSetup {
    /// Call once, before any logger is made.
    public static func bootstrap(format: LogFormat, level: LogLevelName) {
        let level = Logger.Level(level)
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

extension Logger.Level {
    /// The swift-log level for a configured level name.
    public init(_ name: LogLevelName) {
        switch name {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
