import Foundation

/// Checks a channel's settings against its provider's schema and turns them into JSON, filling in defaults.
/// A null value counts as absent; `X_file` secrets are read on the way.
struct SettingsValidator {
    let secretFiles: SecretFileReader
    let errors: ErrorCollector

    /// `node` as JSON if it fits `schema`; every problem is reported with its position and key path.
    func validate(_ node: ConfigNode, against schema: SchemaNode, at path: ConfigKeyPath) -> JSONValue? {
        guard let value = convert(node, against: schema, at: path) else { return nil }
        checkConstraints(of: value, against: schema, at: node.location, path: path)
        return value
    }

    private func convert(_ node: ConfigNode, against schema: SchemaNode, at path: ConfigKeyPath) -> JSONValue? {
        switch schema.type {
        case nil:
            return node.jsonValue
        case .string:
            return node.string(at: path, errors: errors).map(JSONValue.string)
        case .integer:
            return node.integer(at: path, errors: errors).map(JSONValue.integer)
        case .number:
            return node.number(at: path, errors: errors)
        case .boolean:
            return node.bool(at: path, errors: errors).map(JSONValue.bool)
        case .array:
            return node.elements(at: path, errors: errors).map { elements in
                .array(elements.enumerated().compactMap { index, element in
                    guard let items = schema.items else { return element.jsonValue }
                    return validate(element, against: items, at: path.appending(index: index))
                })
            }
        case .object:
            return node.entries(at: path, errors: errors).map { entries in
                .object(validateObject(entries, at: node.location, against: schema, path: path))
            }
        }
    }

    /// The members of an object: its given properties checked, unknown keys reported, missing
    /// required ones reported at the mapping, missing optional ones filled from their defaults.
    private func validateObject(_ entries: [ConfigEntry], at location: SourceLocation, against schema: SchemaNode,
                                path: ConfigKeyPath) -> [String: JSONValue] {
        let isFileTarget = { (name: String) in
            schema.properties[name] != nil && schema.properties[name + "_file"] == nil
        }
        let givenKeys = Set(entries.filter { !$0.value.isNull }.map {
            SecretFileReader.target(of: $0.key, where: isFileTarget) ?? $0.key
        })
        var members: [String: JSONValue] = [:]
        for entry in secretFiles.resolve(entries, at: path, where: isFileTarget) where !entry.value.isNull {
            let entryPath = path.appending(entry.key)
            if let property = schema.properties[entry.key] {
                members[entry.key] = validate(entry.value, against: property, at: entryPath)
            } else if schema.additionalProperties {
                members[entry.key] = entry.value.jsonValue
            } else {
                let hint = Suggestion.didYouMean(entry.key, among: schema.properties.keys)
                errors.report("unknown setting '\(entry.key)'\(hint)", at: entry.keyLocation, path: entryPath)
            }
        }
        for name in schema.required where !givenKeys.contains(name) {
            let about = schema.properties[name]?.summary.map { " (\($0))" } ?? ""
            errors.report("missing required setting '\(name)'\(about)", at: location, path: path)
        }
        for (name, property) in schema.properties where !givenKeys.contains(name) && !schema.required.contains(name) {
            members[name] = property.filledDefault
        }
        return members
    }

    /// Reports where `value` breaks `enum`, `minimum`, `maximum`, `minLength`, `maxLength` or `pattern`.
    private func checkConstraints(of value: JSONValue, against schema: SchemaNode, at location: SourceLocation,
                                  path: ConfigKeyPath) {
        func report(_ message: String) {
            errors.report(message, at: location, path: path)
        }
        let shown = schema.isSecret ? "a secret value" : value.description
        if let allowed = schema.allowedValues, !allowed.contains(value) {
            let names = allowed.map(\.description).joined(separator: ", ")
            let hint = value.stringValue.map { Suggestion.didYouMean($0, among: allowed.compactMap(\.stringValue)) } ?? ""
            report("expected one of \(names), found \(shown)\(hint)")
        }
        if let number = value.numberValue {
            if let minimum = schema.minimum, number < minimum { report("must be at least \(format(minimum)), found \(shown)") }
            if let maximum = schema.maximum, number > maximum { report("must be at most \(format(maximum)), found \(shown)") }
        }
        if let text = value.stringValue {
            if let minLength = schema.minLength, text.count < minLength {
                report("must be at least \(minLength) characters long, found \(text.count)")
            }
            if let maxLength = schema.maxLength, text.count > maxLength {
                report("must be at most \(maxLength) characters long, found \(text.count)")
            }
            if let pattern = schema.pattern,
               pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                report("must match the pattern '\(pattern.pattern)', found \(shown)")
            }
        }
    }

    /// A bound as written in a schema: `1` rather than `1.0`.
    private func format(_ bound: Double) -> String {
        bound == bound.rounded() && abs(bound) < 1e15 ? String(Int(bound)) : String(bound)
    }
}
