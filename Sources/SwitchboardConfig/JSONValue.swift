import Foundation

/// A JSON value: what settings and agent options become, and what schemas are read from.
enum JSONValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Why a text is not JSON, as Foundation words it: "Invalid value around character 8."
    struct SyntaxError: Error {
        let reason: String
    }

    /// Parses JSON text.
    init(parsing text: String) throws(SyntaxError) {
        let data = Data(text.utf8)
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            // JSONDecoder does not say where the text goes wrong; JSONSerialization does.
            var reason = "\(error)"
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
            } catch {
                reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? reason
            }
            throw SyntaxError(reason: reason)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value of a string.
    var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The value of an integer or float.
    var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// Compact JSON text with object keys sorted, so equal values always print the same.
    var description: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .number(let value): output += String(value)
        case .string(let value): output += JSONText.quote(value)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                output += JSONText.quote(key)
                output += ":"
                members[key]?.write(to: &output)
            }
            output += "}"
        }
    }
}
