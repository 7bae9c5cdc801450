/// A position in a configuration file, printed as `config.yaml:3:5`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, named as it was given to the loader.
    public var file: String
    /// The 1-based line, or 0 when only the file is known.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars, or 0 when only the file is known.
    public var column: Int

    /// A position in `file`; leave `line` and `column` at 0 to point at the whole file.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location of values made in code rather than read from a file.
    public static let inCode = SourceLocation(file: "<code>")

    /// `file:line:column`, or just `file` when the line is unknown.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
