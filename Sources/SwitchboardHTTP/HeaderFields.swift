extension Array where Element == (name: String, value: String) {
    /// The value of the first header field called `name`, compared case-insensitively.
    func firstValue(named name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }
}
