import Foundation
import Hummingbird

/// A JSON object read field by field, so that each missing or mistyped field gets
/// DingTalk's own refusal.
struct DingTalkJSONObject {
    let fields: [String: JSONValue]

    /// Nil when `bytes` is not a JSON object.
    init?(json bytes: some Collection<UInt8>) {
        guard case let .object(fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { return nil }
        self.fields = fields
    }

    /// Nil when `text` is not a JSON object (a `msgParam`, an ack's `data`).
    init?(json text: String) {
        self.init(json: Array(text.utf8))
    }

    private init(fields: [String: JSONValue]) {
        self.fields = fields
    }

    func string(_ name: String) -> String? {
        if case let .string(text)? = fields[name] { text } else { nil }
    }

    /// A string that is there and not empty.
    func nonEmptyString(_ name: String) -> String? {
        string(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A boolean; "true" and "false" as strings are read too.
    func bool(_ name: String) -> Bool? {
        switch fields[name] {
        case let .bool(bool): bool
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    /// An integer, from a number or a string of digits.
    func integer(_ name: String) -> Int? {
        switch fields[name] {
        case let .integer(integer): Int(exactly: integer)
        case let .string(text): Int(text)
        default: nil
        }
    }

    func object(_ name: String) -> DingTalkJSONObject? {
        if case let .object(fields)? = fields[name] { DingTalkJSONObject(fields: fields) } else { nil }
    }

    /// An array of objects; nil when absent or when an element is not an object.
    func objects(_ name: String) -> [DingTalkJSONObject]? {
        guard case let .array(elements)? = fields[name] else { return nil }
        var objects: [DingTalkJSONObject] = []
        for element in elements {
            guard case let .object(fields) = element else { return nil }
            objects.append(DingTalkJSONObject(fields: fields))
        }
        return objects
    }

    /// An array of strings; nil when absent or when an element is not a string.
    func strings(_ name: String) -> [String]? {
        guard case let .array(elements)? = fields[name] else { return nil }
        var strings: [String] = []
        for element in elements {
            guard case let .string(text) = element else { return nil }
            strings.append(text)
        }
        return strings
    }

    /// An object whose values are all strings (a `cardParamMap`).
    func stringMap(_ name: String) -> [String: String]? {
        guard case let .object(fields)? = fields[name] else { return nil }
        var map: [String: String] = [:]
        for (key, value) in fields {
            guard case let .string(text) = value else { return nil }
            map[key] = text
        }
        return map
    }
}

extension Request {
    /// The body, which the recorder collected already; empty if it could not be read.
    func collectedBody(_ context: SimulatorContext) async -> [UInt8] {
        guard let buffer = try? await body.collect(upTo: context.maxUploadSize) else { return [] }
        return Array(buffer: buffer)
    }
}
