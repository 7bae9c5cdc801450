extension SchemaNode {
    /// `value` with every string that an `x-secret` schema describes replaced by its mask.
    func masking(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let secret) where isSecret:
            return .string(SettingsSchema.mask(secret: secret))
        case .object(let members):
            return .object(Dictionary(uniqueKeysWithValues: members.map { key, member in
                (key, properties[key]?.masking(member) ?? member)
            }))
        case .array(let elements):
            return .array(elements.map { items?.masking($0) ?? $0 })
        default:
            return value
        }
    }

    /// The key paths of the secret schemas at and below this one, which sits at `path`.
    func secretKeyPaths(at path: ConfigKeyPath) -> [String] {
        var paths = isSecret ? [path.description] : []
        for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
            paths += property.secretKeyPaths(at: path.appending(name))
        }
        if let items {
            paths += items.secretKeyPaths(at: path.appendingEachElement())
        }
        return paths
    }
}
