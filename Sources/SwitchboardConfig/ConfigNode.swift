/// One node of the configuration document: a Sendable copy of a Yams node that keeps its position.
struct ConfigNode: Sendable {
    /// What the node holds.
    enum Content: Sendable {
        case scalar(ConfigScalar)
        case mapping([ConfigEntry])
        case sequence([ConfigNode])
        /// A value already reported as wrong (such as an unset `${VAR}`): it counts as given,
        /// and reading it yields nothing without a second error.
        case alreadyReported
    }

    var content: Content
    var location: SourceLocation

    /// An empty mapping at `location`, standing for a section that was left out.
    static func emptyMapping(at location: SourceLocation) -> ConfigNode {
        ConfigNode(content: .mapping([]), location: location)
    }

    /// The typed value of a scalar node; nil for mappings and lists.
    var scalar: TypedScalar? {
        if case .scalar(let scalar) = content { scalar.typed } else { nil }
    }

    /// Whether this is a null scalar (`~`, `null` or nothing at all).
    var isNull: Bool { scalar == .null }

    /// The node as JSON, scalars typed as YAML types them.
    var jsonValue: JSONValue {
        switch content {
        case .mapping(let entries):
            .object(Dictionary(entries.map { ($0.key, $0.value.jsonValue) }, uniquingKeysWith: { _, last in last }))
        case .sequence(let elements):
            .array(elements.map(\.jsonValue))
        case .alreadyReported:
            .null
        case .scalar(let scalar):
            switch scalar.typed {
            case .null: .null
            case .bool(let value): .bool(value)
            case .integer(let value): .integer(value)
            case .number(let value): .number(value)
            case .string(let value): .string(value)
            }
        }
    }

    /// The kind and value of the node for error messages: `integer 5`, `string "soon"`, `a mapping`.
    var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alreadyReported: return "an invalid value"
        case .scalar(let scalar):
            switch scalar.typed {
            case .null: return "null"
            case .bool(let value): return "boolean \(value)"
            case .integer(let value): return "integer \(value)"
            case .number: return "number \(scalar.text)"
            case .string(let value):
                let shown = value.count > 40 ? value.prefix(37) + "..." : Substring(value)
                return "string \"\(shown)\""
            }
        }
    }
}

/// One `key: value` pair of a mapping.
struct ConfigEntry: Sendable {
    var key: String
    var keyLocation: SourceLocation
    var value: ConfigNode
}

/// A scalar as written. Plain scalars are typed by their text; quoted and block scalars are strings.
struct ConfigScalar: Sendable {
    var text: String
    var isPlain: Bool

    /// The scalar's value: for plain scalars by the YAML 1.2 core schema (decimal numbers only), else a string.
    var typed: TypedScalar {
        isPlain ? TypedScalar(plain: text) : .string(text)
    }
}

/// The value of a scalar once typed.
enum TypedScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)

    /// Types a plain scalar: `~`/`null`/empty, `true`/`false`, decimal integers and floats, else a string.
    init(plain text: String) {
        switch text {
        case "", "~", "null", "Null", "NULL":
            self = .null
        case "true", "True", "TRUE":
            self = .bool(true)
        case "false", "False", "FALSE":
            self = .bool(false)
        default:
            if let integer = Int(text) {
                self = .integer(integer)
            } else if let number = TypedScalar.decimalNumber(text) {
                self = .number(number)
            } else {
                self = .string(text)
            }
        }
    }

    /// `text` as a finite decimal float (`1.5`, `-2e3`), refusing words like `inf` or `nan` and hex floats.
    private static func decimalNumber(_ text: String) -> Double? {
        let decimalCharacters = Set("0123456789+-.eE")
        guard text.contains(where: \.isNumber), text.allSatisfy(decimalCharacters.contains),
              let number = Double(text), number.isFinite
        else { return nil }
        return number
    }
}
