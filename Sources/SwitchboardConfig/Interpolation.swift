/// Expands `${NAME}`, `${NAME:-default}` and the escape `$${` in every scalar value of a document.
///
/// `${NAME}` is the variable's value (an empty value counts as set); `${NAME:-default}` uses `default`
/// when the variable is unset or empty; `$${` stands for a literal `${`. Keys are left alone. A plain
/// scalar stays plain, so it is typed after substitution: `port: ${PORT}` with `PORT=8080` is an integer.
struct EnvironmentInterpolator {
    /// The variables, as passed to the loader.
    let environment: [String: String]

    /// Why a scalar could not be expanded.
    enum Failure: Error {
        case unset(String)
        case invalidName(String)
        case unterminated

        var message: String {
            switch self {
            case .unset(let name): "environment variable \(name) is not set"
            case .invalidName(let name): "'\(name)' is not a valid environment variable name"
            case .unterminated: "'${' without a closing '}' (write '$${' for a literal '${')"
            }
        }
    }

    /// `node` with every scalar value expanded; a scalar that fails is reported at its position
    /// and becomes `.alreadyReported`.
    func expand(_ node: ConfigNode, at path: ConfigKeyPath, errors: ErrorCollector) -> ConfigNode {
        var result = node
        switch node.content {
        case .scalar(var scalar):
            do {
                scalar.text = try expand(scalar.text)
                result.content = .scalar(scalar)
            } catch {
                errors.report(error.message, at: node.location, path: path)
                result.content = .alreadyReported
            }
        case .mapping(let entries):
            result.content = .mapping(entries.map { entry in
                var entry = entry
                entry.value = expand(entry.value, at: path.appending(entry.key), errors: errors)
                return entry
            })
        case .sequence(let elements):
            result.content = .sequence(elements.enumerated().map { index, element in
                expand(element, at: path.appending(index: index), errors: errors)
            })
        case .alreadyReported:
            break
        }
        return result
    }

    /// `text` with its references replaced.
    func expand(_ text: String) throws(Failure) -> String {
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let fromDollar = rest[dollar...]
            if fromDollar.hasPrefix("$${") {
                result += "${"
                rest = fromDollar.dropFirst(3)
            } else if fromDollar.hasPrefix("${") {
                let body = fromDollar.dropFirst(2)
                guard let close = body.firstIndex(of: "}") else { throw .unterminated }
                result += try value(of: body[..<close])
                rest = body[body.index(after: close)...]
            } else {
                result += "$"
                rest = fromDollar.dropFirst()
            }
        }
        return result + rest
    }

    /// The value of a reference body: `NAME` or `NAME:-default`.
    private func value(of reference: Substring) throws(Failure) -> String {
        let name: Substring
        let fallback: Substring?
        if let separator = reference.range(of: ":-") {
            name = reference[..<separator.lowerBound]
            fallback = reference[separator.upperBound...]
        } else {
            name = reference
            fallback = nil
        }
        guard Self.isValidName(name) else { throw .invalidName(String(name)) }
        let value = environment[String(name)]
        if let fallback, value?.isEmpty ?? true { return String(fallback) }
        guard let value else { throw .unset(String(name)) }
        return value
    }

    /// POSIX-style names: a letter or `_`, then letters, digits or `_`.
    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
