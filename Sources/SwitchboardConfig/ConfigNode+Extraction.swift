/// Typed reads of a node that report a mismatch (naming what was expected and what was found) and return nil.
extension ConfigNode {
    /// The text of any non-null scalar: a plain `12345` is accepted where a string is expected.
    func string(at path: ConfigKeyPath, errors: ErrorCollector) -> String? {
        if case .scalar(let scalar) = content, scalar.typed != .null { return scalar.text }
        errors.reportMismatch(expected: "a string", found: self, at: path)
        return nil
    }

    /// An integer scalar.
    func integer(at path: ConfigKeyPath, errors: ErrorCollector) -> Int? {
        if case .integer(let value)? = scalar { return value }
        errors.reportMismatch(expected: "an integer", found: self, at: path)
        return nil
    }

    /// An integer or float scalar, kept as JSON so that integers stay integers.
    func number(at path: ConfigKeyPath, errors: ErrorCollector) -> JSONValue? {
        switch scalar {
        case .integer(let value)?: return .integer(value)
        case .number(let value)?: return .number(value)
        default:
            errors.reportMismatch(expected: "a number", found: self, at: path)
            return nil
        }
    }

    /// A `true` or `false` scalar.
    func bool(at path: ConfigKeyPath, errors: ErrorCollector) -> Bool? {
        if case .bool(let value)? = scalar { return value }
        errors.reportMismatch(expected: "true or false", found: self, at: path)
        return nil
    }

    /// The entries of a mapping.
    func entries(at path: ConfigKeyPath, errors: ErrorCollector) -> [ConfigEntry]? {
        if case .mapping(let entries) = content { return entries }
        errors.reportMismatch(expected: "a mapping", found: self, at: path)
        return nil
    }

    /// The elements of a list.
    func elements(at path: ConfigKeyPath, errors: ErrorCollector) -> [ConfigNode]? {
        if case .sequence(let elements) = content { return elements }
        errors.reportMismatch(expected: "a list", found: self, at: path)
        return nil
    }
}
