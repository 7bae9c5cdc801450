import Foundation

/// One schema of a provider's settings (the whole or a property), in the subset of JSON Schema
/// that Switchboard supports. Immutable, hence Sendable.
final class SchemaNode: Sendable {
    /// The JSON types a schema may name in `type`.
    enum ValueType: String, Sendable, CaseIterable {
        case string, integer, number, boolean, object, array
    }

    /// `type`; nil accepts any value.
    let type: ValueType?
    /// `properties` of an object.
    let properties: [String: SchemaNode]
    /// `required` property names.
    let required: [String]
    /// `additionalProperties`: whether keys outside `properties` are accepted (false unless the schema says true).
    let additionalProperties: Bool
    /// `enum`: the only values allowed.
    let allowedValues: [JSONValue]?
    /// `minimum` and `maximum` of a number.
    let minimum: Double?
    let maximum: Double?
    /// `minLength` and `maxLength` of a string, in characters.
    let minLength: Int?
    let maxLength: Int?
    /// `pattern` a string must contain a match of.
    let pattern: NSRegularExpression?
    /// `items`: the schema of each element of an array.
    let items: SchemaNode?
    /// `default` for a missing optional property.
    let defaultValue: JSONValue?
    /// `description`, quoted in "missing required setting" errors.
    let summary: String?
    /// `x-secret`: the value is a secret string, masked wherever settings are shown.
    let isSecret: Bool

    init(type: ValueType?, properties: [String: SchemaNode] = [:], required: [String] = [],
         additionalProperties: Bool = false, allowedValues: [JSONValue]? = nil,
         minimum: Double? = nil, maximum: Double? = nil, minLength: Int? = nil, maxLength: Int? = nil,
         pattern: NSRegularExpression? = nil, items: SchemaNode? = nil, defaultValue: JSONValue? = nil,
         summary: String? = nil, isSecret: Bool = false) {
        self.type = type
        self.properties = properties
        self.required = required
        self.additionalProperties = additionalProperties
        self.allowedValues = allowedValues
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.items = items
        self.defaultValue = defaultValue
        self.summary = summary
        self.isSecret = isSecret
    }

    /// Reads a schema object; unknown keywords are ignored. A schema with `properties` or `required`
    /// but no `type` is an object; otherwise a missing `type` is `impliedType`.
    static func parse(_ json: JSONValue, at path: ConfigKeyPath,
                      impliedType: ValueType? = nil) throws(ConfigError) -> SchemaNode {
        guard case .object(let values) = json else {
            throw ConfigError(keyPath: path.description, message: "expected a schema object, found \(json)")
        }
        let keywords = SchemaKeywords(values: values, path: path)
        var properties: [String: SchemaNode] = [:]
        for (name, property) in try keywords.object("properties") ?? [:] {
            properties[name] = try parse(property, at: path.appending("properties").appending(name))
        }
        let required = try keywords.strings("required") ?? []
        let type = try keywords.type() ?? (properties.isEmpty && required.isEmpty ? impliedType : .object)
        let items = try keywords.value("items").map { items throws(ConfigError) in
            try parse(items, at: path.appending("items"))
        }
        return SchemaNode(
            type: type, properties: properties, required: required,
            additionalProperties: try keywords.bool("additionalProperties") ?? false,
            allowedValues: try keywords.array("enum"),
            minimum: try keywords.number("minimum"), maximum: try keywords.number("maximum"),
            minLength: try keywords.count("minLength"), maxLength: try keywords.count("maxLength"),
            pattern: try keywords.regularExpression("pattern"), items: items,
            defaultValue: keywords.value("default"), summary: try keywords.string("description"),
            isSecret: try keywords.bool("x-secret") ?? false
        )
    }

    /// The value a missing optional property takes: its `default`, or for an object without required
    /// properties the defaults of its own properties; nil when there is none.
    var filledDefault: JSONValue? {
        if let defaultValue { return defaultValue }
        guard type == .object, required.isEmpty else { return nil }
        let members = properties.compactMapValues(\.filledDefault)
        return members.isEmpty ? nil : .object(members)
    }
}

/// Typed reads of one schema object's keywords; a keyword of the wrong type makes the schema malformed.
private struct SchemaKeywords {
    let values: [String: JSONValue]
    let path: ConfigKeyPath

    func value(_ keyword: String) -> JSONValue? {
        values[keyword]
    }

    func string(_ keyword: String) throws(ConfigError) -> String? {
        switch values[keyword] {
        case nil: return nil
        case .string(let value)?: return value
        case let other?: throw malformed(keyword, expected: "a string", found: other)
        }
    }

    func bool(_ keyword: String) throws(ConfigError) -> Bool? {
        switch values[keyword] {
        case nil: return nil
        case .bool(let value)?: return value
        case let other?: throw malformed(keyword, expected: "true or false", found: other)
        }
    }

    func number(_ keyword: String) throws(ConfigError) -> Double? {
        switch values[keyword] {
        case nil: return nil
        case .integer(let value)?: return Double(value)
        case .number(let value)?: return value
        case let other?: throw malformed(keyword, expected: "a number", found: other)
        }
    }

    /// A non-negative integer, such as `minLength`.
    func count(_ keyword: String) throws(ConfigError) -> Int? {
        switch values[keyword] {
        case nil: return nil
        case .integer(let value)? where value >= 0: return value
        case let other?: throw malformed(keyword, expected: "a non-negative integer", found: other)
        }
    }

    func array(_ keyword: String) throws(ConfigError) -> [JSONValue]? {
        switch values[keyword] {
        case nil: return nil
        case .array(let value)?: return value
        case let other?: throw malformed(keyword, expected: "an array", found: other)
        }
    }

    func object(_ keyword: String) throws(ConfigError) -> [String: JSONValue]? {
        switch values[keyword] {
        case nil: return nil
        case .object(let value)?: return value
        case let other?: throw malformed(keyword, expected: "an object", found: other)
        }
    }

    func strings(_ keyword: String) throws(ConfigError) -> [String]? {
        guard let elements = try array(keyword) else { return nil }
        var strings: [String] = []
        for element in elements {
            guard case .string(let string) = element else {
                throw malformed(keyword, expected: "an array of strings", found: .array(elements))
            }
            strings.append(string)
        }
        return strings
    }

    func type() throws(ConfigError) -> SchemaNode.ValueType? {
        let names = SchemaNode.ValueType.allCases.map(\.rawValue).joined(separator: ", ")
        guard let value = values["type"] else { return nil }
        guard case .string(let name) = value, let type = SchemaNode.ValueType(rawValue: name) else {
            throw malformed("type", expected: "one of \(names)", found: value)
        }
        return type
    }

    func regularExpression(_ keyword: String) throws(ConfigError) -> NSRegularExpression? {
        guard let pattern = try string(keyword) else { return nil }
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            throw ConfigError(keyPath: path.appending(keyword).description,
                              message: "'\(pattern)' is not a valid regular expression")
        }
    }

    private func malformed(_ keyword: String, expected: String, found: JSONValue) -> ConfigError {
        ConfigError(keyPath: path.appending(keyword).description, message: "expected \(expected), found \(found)")
    }
}
