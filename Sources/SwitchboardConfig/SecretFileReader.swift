/// Reads `X_file: path` secrets: such an entry becomes `X`, holding the file's text without one trailing newline.
struct SecretFileReader {
    /// The folder relative paths are resolved against (the configuration file's folder).
    let baseDirectory: String
    let errors: ErrorCollector

    /// The `X` that a key `X_file` stands for, when `isTarget(X)`.
    static func target(of key: String, where isTarget: (String) -> Bool) -> String? {
        guard key.hasSuffix("_file") else { return nil }
        let target = String(key.dropLast("_file".count))
        return !target.isEmpty && isTarget(target) ? target : nil
    }

    /// `entries` with each `X_file` entry whose `X` satisfies `isTarget` replaced by `X` and the file's text.
    /// Giving both `X` and `X_file`, or a file that cannot be read, is reported and the entry dropped.
    func resolve(_ entries: [ConfigEntry], at path: ConfigKeyPath, where isTarget: (String) -> Bool) -> [ConfigEntry] {
        let givenKeys = Set(entries.filter { !$0.value.isNull }.map(\.key))
        return entries.compactMap { entry in
            guard let target = Self.target(of: entry.key, where: isTarget) else { return entry }
            let entryPath = path.appending(entry.key)
            if entry.value.isNull { return nil }
            if givenKeys.contains(target) {
                errors.report("both '\(target)' and '\(entry.key)' are given; keep one", at: entry.keyLocation, path: entryPath)
                return nil
            }
            guard let text = readSecret(entry.value, at: entryPath) else { return nil }
            let value = ConfigNode(content: .scalar(ConfigScalar(text: text, isPlain: false)), location: entry.value.location)
            return ConfigEntry(key: target, keyLocation: entry.keyLocation, value: value)
        }
    }

    private func readSecret(_ pathNode: ConfigNode, at path: ConfigKeyPath) -> String? {
        guard let filePath = pathNode.string(at: path, errors: errors) else { return nil }
        let absolute = absolutePath(filePath, relativeTo: baseDirectory)
        do {
            var text = try TextFile.read(atPath: absolute)
            if text.last?.isNewline == true { text.removeLast() }
            return text
        } catch {
            errors.report("cannot read secret file '\(absolute)': \(error.reason)", at: pathNode.location, path: path)
            return nil
        }
    }
}
