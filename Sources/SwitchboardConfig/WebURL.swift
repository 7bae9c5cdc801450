/// Checks of URLs written in the configuration.
enum WebURL {
    /// An http(s) URL with a host, an optional path and no query, without trailing "/".
    static func base(_ text: String) -> String? {
        let lowered = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: lowered.hasPrefix),
              !text.contains(where: { $0 == "?" || $0 == "#" || $0 == " " })
        else { return nil }
        let trimmed = String(text.reversed().drop { $0 == "/" }.reversed())
        return trimmed.dropFirst(scheme.count).prefix { $0 != "/" }.isEmpty ? nil : trimmed
    }

    /// A proxy setting: "" (no proxy) or http://host:port.
    static func proxy(_ text: String) -> String? {
        if text.isEmpty { return text }
        guard text.lowercased().hasPrefix("http://"), let base = base(text) else { return nil }
        let authority = base.dropFirst("http://".count)
        guard !authority.contains("/"), let colon = authority.lastIndex(of: ":"),
              Int(authority[authority.index(after: colon)...]) != nil
        else { return nil }
        return base
    }
}
