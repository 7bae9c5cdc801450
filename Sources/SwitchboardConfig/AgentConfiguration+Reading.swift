extension AgentConfiguration {
    /// The keys of one `agents:` entry.
    static let keys = ["name", "type", "model", "options"]

    /// The agents listed under `agents:` at `path`, or the implicit echo agent when the list is absent or empty.
    static func list(reading nodes: [ConfigNode]?, at path: ConfigKeyPath, secretFiles: SecretFileReader,
                     errors: ErrorCollector) -> [AgentConfiguration] {
        guard let nodes, !nodes.isEmpty else { return [.implicitEcho] }
        var names = IdentifierRegistry(kind: "agent name", errors: errors)
        return nodes.enumerated().compactMap { index, node in
            let reader = MappingReader(node, at: path.appending(index: index), allowedKeys: keys, errors: errors)
            return AgentConfiguration(reading: reader, names: &names, secretFiles: secretFiles, errors: errors)
        }
    }

    /// One entry; nil when its name or type is missing or wrong (already reported).
    init?(reading reader: MappingReader, names: inout IdentifierRegistry, secretFiles: SecretFileReader,
          errors: ErrorCollector) {
        let name = names.register("name", of: reader)
        let type = reader.requiredString("type")
        let model = reader.string("model")
        let options = reader.node("options").flatMap { node in
            node.entries(at: reader.path("options"), errors: errors).map { entries in
                let resolved = secretFiles.resolve(entries, at: reader.path("options"), where: { _ in true })
                return ConfigNode(content: .mapping(resolved), location: node.location).jsonValue
            }
        }
        guard let name, let type else { return nil }
        self.init(name: name, type: type, model: model, optionsJSON: (options ?? .object([:])).description,
                  location: reader.location)
    }
}
