/// One problem in the configuration, with where it is and which key it concerns.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// Where the problem is, when it comes from a file.
    public var location: SourceLocation?
    /// The key path of the offending value, such as `channels[1].provider`; empty for the whole document.
    public var keyPath: String
    /// What is wrong, for a person to read.
    public var message: String

    /// A problem at `location` concerning `keyPath`.
    public init(location: SourceLocation? = nil, keyPath: String = "", message: String) {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    /// `config.yaml:3:5: channels[1].provider: unknown provider 'telegrm'`, leaving out empty parts.
    public var description: String {
        let prefixes = [location?.description ?? "", keyPath].filter { !$0.isEmpty }
        return (prefixes + [message]).joined(separator: ": ")
    }
}

/// Every problem found in one pass over the configuration, so they can be fixed together.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order of their position in the file.
    public var errors: [ConfigError]

    /// Wraps `errors`.
    public init(errors: [ConfigError]) {
        self.errors = errors
    }

    /// One problem per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
