/// Why a simulator could not do what was asked.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case alreadyStarted
        case stoppedBeforeListening
        case unknownPlatform(String, known: [String])
        case invalidJSON
    }

    private let kind: Kind

    /// `start()` was called on a server already started.
    public static let alreadyStarted = SimulatorError(kind: .alreadyStarted)
    /// The server stopped (was cancelled) before it was listening.
    public static let stoppedBeforeListening = SimulatorError(kind: .stoppedBeforeListening)

    /// A text that should be JSON is not.
    public static let invalidJSON = SimulatorError(kind: .invalidJSON)

    /// No simulator called `name`; `known` are the names there are.
    public static func unknownPlatform(_ name: String, known: [String]) -> SimulatorError {
        SimulatorError(kind: .unknownPlatform(name, known: known))
    }

    public var description: String {
        switch kind {
        case .alreadyStarted:
            "the simulator server is already started"
        case .stoppedBeforeListening:
            "the simulator server stopped before it was listening"
        case let .unknownPlatform(name, known):
            "unknown simulator '\(name)'; known simulators: \(known.joined(separator: ", "))"
        case .invalidJSON:
            "not valid JSON"
        }
    }
}
