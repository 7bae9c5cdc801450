/// Reads one mapping of the host part key by key. Unknown keys, wrong types and missing keys become errors,
/// so callers just take what is there and fall back to defaults.
struct MappingReader {
    /// Where the mapping starts (or where it would have been, if it was left out).
    let location: SourceLocation
    /// The mapping's key path.
    let path: ConfigKeyPath
    private let entries: [ConfigEntry]
    private let errors: ErrorCollector

    /// Reads `node`, reporting keys outside `allowedKeys`. A null node reads as an empty mapping;
    /// anything else that is not a mapping is reported and reads as empty.
    init(_ node: ConfigNode, at path: ConfigKeyPath, allowedKeys: [String], errors: ErrorCollector) {
        location = node.location
        self.path = path
        self.errors = errors
        entries = node.isNull ? [] : node.entries(at: path, errors: errors) ?? []
        for entry in entries where !allowedKeys.contains(entry.key) {
            let hint = Suggestion.didYouMean(entry.key, among: allowedKeys)
            errors.report("unknown key '\(entry.key)'\(hint)", at: entry.keyLocation, path: path.appending(entry.key))
        }
    }

    /// The value at `key`; nil when absent or null.
    func node(_ key: String) -> ConfigNode? {
        guard let value = entries.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        return value
    }

    /// The key path of `key` in this mapping.
    func path(_ key: String) -> ConfigKeyPath {
        path.appending(key)
    }

    /// A string value, any scalar accepted as written.
    func string(_ key: String) -> String? {
        node(key)?.string(at: path(key), errors: errors)
    }

    /// A string value that must be present.
    func requiredString(_ key: String) -> String? {
        guard node(key) != nil else {
            errors.report("missing required key '\(key)'", at: location, path: path)
            return nil
        }
        return string(key)
    }

    /// An integer value of at least `minimum`.
    func integer(_ key: String, minimum: Int) -> Int? {
        guard let node = node(key), let value = node.integer(at: path(key), errors: errors) else { return nil }
        guard value >= minimum else {
            errors.report("must be at least \(minimum), found \(value)", at: node.location, path: path(key))
            return nil
        }
        return value
    }

    /// A boolean value.
    func bool(_ key: String) -> Bool? {
        node(key)?.bool(at: path(key), errors: errors)
    }

    /// One of the cases of `Choice`, written as its raw value.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String) -> Choice?
    where Choice.RawValue == String {
        node(key).flatMap { choice(in: $0, at: path(key)) }
    }

    /// A list of cases of `Choice`, each written as its raw value; a repeated case counts once.
    func choices<Choice: RawRepresentable & CaseIterable & Equatable>(_ key: String) -> [Choice]?
    where Choice.RawValue == String {
        elements(key)?.enumerated().reduce(into: [Choice]()) { chosen, element in
            guard let choice: Choice = choice(in: element.element, at: path(key).appending(index: element.offset)) else { return }
            if !chosen.contains(choice) { chosen.append(choice) }
        }
    }

    private func choice<Choice: RawRepresentable & CaseIterable>(in node: ConfigNode, at path: ConfigKeyPath) -> Choice?
    where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        return parsed(node, at: path, expected: "one of \(names.joined(separator: ", "))", suggesting: names, Choice.init(rawValue:))
    }

    /// A nested mapping, read like this one; an absent key reads as an empty mapping here.
    func mapping(_ key: String, allowedKeys: [String]) -> MappingReader {
        MappingReader(node(key) ?? .emptyMapping(at: location), at: path(key), allowedKeys: allowedKeys, errors: errors)
    }

    /// The elements of a list value.
    func elements(_ key: String) -> [ConfigNode]? {
        node(key)?.elements(at: path(key), errors: errors)
    }

    /// A list of strings.
    func strings(_ key: String) -> [String]? {
        elements(key)?.enumerated().compactMap { index, element in
            element.string(at: path(key).appending(index: index), errors: errors)
        }
    }

    /// A string value turned into a `Value` by `parse`. When that fails, the error says `expected`
    /// and suggests the closest of `suggestions`.
    func parsed<Value>(_ key: String, expected: String, suggesting suggestions: [String] = [],
                       _ parse: (String) -> Value?) -> Value? {
        node(key).flatMap { parsed($0, at: path(key), expected: expected, suggesting: suggestions, parse) }
    }

    private func parsed<Value>(_ node: ConfigNode, at path: ConfigKeyPath, expected: String, suggesting suggestions: [String],
                               _ parse: (String) -> Value?) -> Value? {
        guard let text = node.string(at: path, errors: errors) else { return nil }
        if let value = parse(text) { return value }
        errors.reportMismatch(expected: expected, found: node, at: path, hint: Suggestion.didYouMean(text, among: suggestions))
        return nil
    }
}
