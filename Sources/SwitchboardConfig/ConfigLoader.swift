/// Reads `config.yaml` into a `SwitchboardConfiguration`, reporting every problem at once.
public enum ConfigLoader {
    /// Reads and checks the file at `path`. Relative paths inside are resolved against the file's folder;
    /// errors name the file as `path` is written.
    /// - Parameter environment: the variables `${NAME}` may refer to (pass `ProcessInfo.processInfo.environment`).
    public static func load(path: String, environment: [String: String]) throws(ConfigErrors) -> SwitchboardConfiguration {
        let text: String
        do {
            text = try TextFile.read(atPath: path)
        } catch {
            let message = error.isMissing
                ? "file not found; to start, copy config.yaml.example to \(path) and edit it"
                : "cannot read the configuration file: \(error.reason)"
            throw ConfigErrors(errors: [ConfigError(location: SourceLocation(file: path), message: message)])
        }
        return try parse(yaml: text, file: path, baseDirectory: directory(containing: path), environment: environment)
    }

    /// Checks configuration text as if read from `file` in `baseDirectory` (made absolute against the current directory).
    public static func parse(yaml: String, file: String, baseDirectory: String,
                             environment: [String: String]) throws(ConfigErrors) -> SwitchboardConfiguration {
        let errors = ErrorCollector()
        let document = try YAMLDocument.parse(yaml, file: file, errors: errors)
        let interpolator = EnvironmentInterpolator(environment: environment)
        let expanded = document.map { interpolator.expand($0, at: .root, errors: errors) }
        let configuration = SwitchboardConfiguration(
            reading: expanded, file: file,
            baseDirectory: absolutePath(baseDirectory, relativeTo: currentDirectory), errors: errors
        )
        try errors.throwIfAny()
        return configuration
    }
}
