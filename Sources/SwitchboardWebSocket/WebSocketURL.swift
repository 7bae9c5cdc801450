import WSClient

/// What `WebSocketConnection` needs to know about URLs.
enum WebSocketURL {
    /// Whether `url` is a ws:// or wss:// URL with a host.
    static func isWebSocket(_ url: String) -> Bool {
        let lowered = url.lowercased()
        guard let rest = ["ws://", "wss://"].first(where: lowered.hasPrefix).map({ lowered.dropFirst($0.count) }) else { return false }
        return !rest.prefix { $0 != "/" && $0 != "?" }.isEmpty
    }

    /// The host and port of `url`, for messages that must not show its path or query.
    static func server(of url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return "(unparsable URL)" }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(authority.split(separator: "@").last ?? authority)
    }

    /// Proxy settings for a proxy option: nil (the environment), "" (none) or an http:// URL.
    static func proxySettings(_ proxy: String?) throws(WebSocketFailure) -> WebSocketProxySettings? {
        guard let proxy else { return .environment() }
        if proxy.isEmpty { return nil }
        let server = server(of: proxy)
        guard proxy.lowercased().hasPrefix("http://"), let colon = server.lastIndex(of: ":"),
              let port = Int(server[server.index(after: colon)...]), !server[..<colon].isEmpty
        else {
            throw WebSocketFailure(.invalidRequest, server: server, reason: "the proxy must be http://host:port")
        }
        return WebSocketProxySettings(host: String(server[..<colon]), port: port, type: .http())
    }
}
