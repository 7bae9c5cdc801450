/// A fault injected ahead of the platform's handler, for requests whose path matches.
public struct Fault: Sendable {
    /// Which request paths a fault applies to.
    public enum PathPattern: Sendable, Equatable {
        /// This path exactly, e.g. "/bot1/getUpdates".
        case exact(String)
        /// Every path starting with this, e.g. "/bot1/".
        case prefix(String)

        func matches(_ path: String) -> Bool {
            switch self {
            case let .exact(exact): path == exact
            case let .prefix(prefix): path.hasPrefix(prefix)
            }
        }
    }

    /// What the simulator does with a matching request, after `delay`.
    public enum Action: Sendable {
        /// Answer with this status, header fields and body; the platform never sees the request.
        case respond(status: Int, headers: [String: String], body: [UInt8])
        /// Hand the request to the platform as usual: with a delay, a slow answer.
        case proceed
        /// Close the connection without answering.
        case drop
        /// Never answer; hold the connection until the client hangs up.
        case stall
    }

    public var path: PathPattern
    public var action: Action
    /// How long to wait before acting.
    public var delay: Duration
    /// How many requests the fault applies to; nil for every one until cleared.
    public var count: Int?

    public init(path: PathPattern, action: Action, delay: Duration = .zero, count: Int? = 1) {
        self.path = path
        self.action = action
        self.delay = delay
        self.count = count
    }

    /// Answers `status` with `headers` and a UTF-8 `body`, e.g. 429 with "Retry-After".
    public static func respond(
        _ path: PathPattern, status: Int, headers: [String: String] = [:], body: String = "", count: Int? = 1
    ) -> Fault {
        Fault(path: path, action: .respond(status: status, headers: headers, body: Array(body.utf8)), count: count)
    }

    /// Answers as usual, `delay` late.
    public static func delay(_ path: PathPattern, by delay: Duration, count: Int? = 1) -> Fault {
        Fault(path: path, action: .proceed, delay: delay, count: count)
    }

    /// Closes the connection without answering.
    public static func drop(_ path: PathPattern, count: Int? = 1) -> Fault {
        Fault(path: path, action: .drop, count: count)
    }

    /// Never answers.
    public static func stall(_ path: PathPattern, count: Int? = 1) -> Fault {
        Fault(path: path, action: .stall, count: count)
    }
}
