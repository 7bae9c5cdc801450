/// Where a value sits in the document, written as `channels[0].settings.token`.
struct ConfigKeyPath: Sendable, CustomStringConvertible {
    private let text: String

    /// The path of the document itself.
    static let root = ConfigKeyPath(text: "")

    private init(text: String) {
        self.text = text
    }

    /// The path of `key` inside the mapping at this path.
    func appending(_ key: String) -> ConfigKeyPath {
        ConfigKeyPath(text: text.isEmpty ? key : "\(text).\(key)")
    }

    /// The path of element `index` of the list at this path.
    func appending(index: Int) -> ConfigKeyPath {
        ConfigKeyPath(text: "\(text)[\(index)]")
    }

    /// The path that stands for every element of the list at this path: `accounts[]`.
    func appendingEachElement() -> ConfigKeyPath {
        ConfigKeyPath(text: "\(text)[]")
    }

    var description: String { text }
}
