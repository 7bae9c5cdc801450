/// Gathers the problems of one load or validation pass so that all of them are reported together.
final class ErrorCollector {
    private var errors: [ConfigError] = []

    /// Whether nothing was reported.
    var isEmpty: Bool { errors.isEmpty }

    /// Records a problem about the value at `path`.
    func report(_ message: String, at location: SourceLocation?, path: ConfigKeyPath) {
        errors.append(ConfigError(location: location, keyPath: path.description, message: message))
    }

    /// Records that `node` is not the kind of value expected at `path`, unless `node` was already reported;
    /// `hint` is appended to the message.
    func reportMismatch(expected: String, found node: ConfigNode, at path: ConfigKeyPath, hint: String = "") {
        if case .alreadyReported = node.content { return }
        report("expected \(expected), found \(node.kindDescription)\(hint)", at: node.location, path: path)
    }

    /// The problems ordered by position; those without a position come first.
    var sorted: ConfigErrors {
        let ordered = errors.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.location?.line ?? 0, lhs.element.location?.column ?? 0, lhs.offset)
            let right = (rhs.element.location?.line ?? 0, rhs.element.location?.column ?? 0, rhs.offset)
            return left < right
        }
        return ConfigErrors(errors: ordered.map(\.element))
    }

    /// Throws every problem reported so far, if there is any.
    func throwIfAny() throws(ConfigErrors) {
        if !errors.isEmpty { throw sorted }
    }
}
