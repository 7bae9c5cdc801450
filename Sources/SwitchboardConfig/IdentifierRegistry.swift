/// Checks agent names and channel ids: each must match `[A-Za-z0-9_-]{1,64}` and be unique.
/// A repeated one is reported where it is used the second time.
struct IdentifierRegistry {
    /// What the identifiers are, for messages: "channel id".
    let kind: String
    private let errors: ErrorCollector
    private var firstUses: [String: SourceLocation] = [:]

    init(kind: String, errors: ErrorCollector) {
        self.kind = kind
        self.errors = errors
    }

    /// The identifier at `key` of `reader`, or nil (reported) when it is missing, malformed or taken.
    mutating func register(_ key: String, of reader: MappingReader) -> String? {
        guard let value = reader.requiredString(key), let location = reader.node(key)?.location else { return nil }
        guard (1...64).contains(value.count), value.allSatisfy(Self.isAllowed) else {
            errors.report("\(kind) must be 1 to 64 letters, digits, '_' or '-', found \"\(value)\"",
                          at: location, path: reader.path(key))
            return nil
        }
        if let first = firstUses[value] {
            errors.report("duplicate \(kind) '\(value)' (first used at \(first))", at: location, path: reader.path(key))
            return nil
        }
        firstUses[value] = location
        return value
    }

    private static func isAllowed(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-")
    }
}
