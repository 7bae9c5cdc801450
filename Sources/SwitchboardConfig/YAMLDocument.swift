import Yams

/// Reads YAML text into a `ConfigNode` tree. Yams' nodes are not Sendable, so they are converted at once.
enum YAMLDocument {
    /// The root of the first document, or nil when the text holds none.
    /// Bad YAML is thrown as a single error at its position; non-scalar keys are reported to `errors`.
    static func parse(_ yaml: String, file: String, errors: ErrorCollector) throws(ConfigErrors) -> ConfigNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigErrors(errors: [syntaxError(error, in: yaml, file: file)])
        }
        return root.map { convert($0, file: file, path: .root, errors: errors) }
    }

    private static func convert(_ node: Node, file: String, path: ConfigKeyPath, errors: ErrorCollector) -> ConfigNode {
        let location = location(of: node.mark, file: file)
        switch node {
        case .scalar(let scalar):
            // Yams leaves the tag of plain scalars implicit (""); quoted, block and `!!str` scalars carry a tag.
            let isPlain = scalar.style == .plain && scalar.tag.description.isEmpty
            return ConfigNode(content: .scalar(ConfigScalar(text: scalar.string, isPlain: isPlain)), location: location)
        case .sequence(let sequence):
            let elements = sequence.enumerated().map { index, element in
                convert(element, file: file, path: path.appending(index: index), errors: errors)
            }
            return ConfigNode(content: .sequence(elements), location: location)
        case .mapping(let mapping):
            let entries = mapping.compactMap { key, value -> ConfigEntry? in
                let keyLocation = self.location(of: key.mark, file: file)
                guard case .scalar(let keyScalar) = key else {
                    errors.report("keys must be plain text, not a mapping or a list", at: keyLocation, path: path)
                    return nil
                }
                let valuePath = path.appending(keyScalar.string)
                return ConfigEntry(key: keyScalar.string, keyLocation: keyLocation,
                                   value: convert(value, file: file, path: valuePath, errors: errors))
            }
            return ConfigNode(content: .mapping(entries), location: location)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one cannot occur.
            errors.report("unresolved YAML alias", at: location, path: path)
            return ConfigNode(content: .alreadyReported, location: location)
        }
    }

    private static func location(of mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    /// A Yams error as a `ConfigError` at the position libyaml reports.
    private static func syntaxError(_ error: any Error, in yaml: String, file: String) -> ConfigError {
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _)?,
             let .parser(context, problem, mark, _)?,
             let .composer(context, problem, mark, _)?:
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            if character(at: mark, in: yaml) == "\t" { message += "; indent with spaces, tabs are not allowed" }
            return ConfigError(location: location(of: mark, file: file), message: message)
        case let .duplicatedKeysInMapping(duplicates, context)?:
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ConfigError(location: location(of: context.mark, file: file), message: "duplicate key \(keys)")
        case let .reader(problem, _, _, _)?:
            return ConfigError(location: SourceLocation(file: file), message: "cannot read YAML: \(problem)")
        default:
            return ConfigError(location: SourceLocation(file: file), message: "invalid YAML: \(error)")
        }
    }

    /// The character at a 1-based line and column (counted in Unicode scalars, as libyaml does).
    private static func character(at mark: Mark, in yaml: String) -> Unicode.Scalar? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        return mark.column >= 1 && mark.column <= scalars.count ? scalars[mark.column - 1] : nil
    }
}
