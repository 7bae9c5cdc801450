import SwitchboardConfig
import SwitchboardHTTP

/// `http`: where to POST turns, and the header fields to send along.
struct HTTPAgentOptions: AgentOptions {
    let url: String?
    let headers: [String: String]?
    let timeoutMS: Int?
    let idleTimeoutMS: Int?

    enum Key: String, CodingKey, CaseIterable {
        case url, headers, timeoutMS = "timeout_ms", idleTimeoutMS = "idle_timeout_ms"
    }

    typealias CodingKeys = Key

    func agent(_ source: OptionsSource, client: HTTPClient) throws(ConfigError) -> HTTPAgent {
        guard let url else { throw source.error(at: "options", "missing required option 'url'") }
        let headers = (headers ?? [:]).sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        if let problem = HTTPRequest(url: url, headers: headers).problem {
            throw source.error(Key.headers, "cannot be sent: \(problem)")
        }
        let defaults = HTTPAgent.Configuration(url: url)
        return HTTPAgent(configuration: HTTPAgent.Configuration(
            url: try source.httpURL(url, Key.url), headers: headers,
            timeout: try source.duration(timeoutMS, Key.timeoutMS, default: defaults.timeout),
            idleTimeout: try source.duration(idleTimeoutMS, Key.idleTimeoutMS, default: defaults.idleTimeout)
        ), client: client)
    }
}
