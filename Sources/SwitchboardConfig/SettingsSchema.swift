/// The JSON Schema a provider plugin declares for a channel's `settings`.
///
/// Supported: `type` (string, integer, number, boolean, object, array), `properties`, `required`,
/// `additionalProperties` (true or false), `enum`, `minimum`, `maximum`, `minLength`, `maxLength`,
/// `pattern`, `items`, `default`, `description`, and `"x-secret": true` for secret strings.
/// Other keywords are ignored.
///
/// Unlike standard JSON Schema, `additionalProperties` defaults to **false**: a key the schema does not
/// list is an error (with a "did you mean" hint), so typos are caught. Write
/// `"additionalProperties": true` for a free-form mapping.
///
/// How YAML values are checked: any plain scalar is accepted where a string is expected, as written
/// (an unquoted numeric chat id is fine); `integer` needs an integer; `number` an integer or a float;
/// `boolean` `true` or `false`. A null value counts as absent. A missing optional property takes its
/// `default`; a missing optional object without one is filled with its own properties' defaults, if any.
public struct SettingsSchema: Sendable {
    /// The schema of the settings object.
    let root: SchemaNode

    /// Reads the schema from a plugin's JSON text.
    /// - Throws: a `ConfigError` whose key path points into the schema when the JSON or the schema is malformed.
    public init(json: String) throws(ConfigError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: json)
        } catch {
            throw ConfigError(message: "the settings schema is not valid JSON: \(error.reason)")
        }
        root = try SchemaNode.parse(value, at: .root, impliedType: .object)
        guard root.type == .object else {
            throw ConfigError(keyPath: "type", message: "the settings schema must describe an object")
        }
    }

    private init(root: SchemaNode) {
        self.root = root
    }

    /// The schema of a plugin that declares none: an object that accepts no keys.
    public static let empty = SettingsSchema(root: SchemaNode(type: .object))

    /// The key paths of every `x-secret` property, such as `token` or `webhook.secret` (`accounts[].token` inside arrays).
    public var secretKeys: [String] {
        root.secretKeyPaths(at: .root)
    }

    /// `json` (settings as this schema describes them) with every secret value masked, keys sorted.
    /// - Throws: a `ConfigError` when `json` is not valid JSON.
    public func mask(json: String) throws(ConfigError) -> String {
        do {
            return root.masking(try JSONValue(parsing: json)).description
        } catch {
            throw ConfigError(message: "the settings are not valid JSON: \(error.reason)")
        }
    }

    /// A secret as it may be shown: `********` when shorter than 12 characters, else `********` and its last 4.
    public static func mask(secret: String) -> String {
        secret.count < 12 ? "********" : "********" + secret.suffix(4)
    }
}
