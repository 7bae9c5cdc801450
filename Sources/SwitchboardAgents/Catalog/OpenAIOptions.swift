import SwitchboardConfig
import SwitchboardHTTP

/// `openai`: the model comes from the entry's `model`; `api_key` may be given as
/// `api_key_file`.
struct OpenAIOptions: AgentOptions {
    let baseURL: String?
    let apiKey: String?
    let systemPrompt: String?
    let temperature: Double?
    let maxTokens: Int?
    let timeoutMS: Int?
    let idleTimeoutMS: Int?
    let stream: Bool?

    enum Key: String, CodingKey, CaseIterable {
        case baseURL = "base_url", apiKey = "api_key", systemPrompt = "system_prompt", temperature
        case maxTokens = "max_tokens", timeoutMS = "timeout_ms", idleTimeoutMS = "idle_timeout_ms", stream
    }

    typealias CodingKeys = Key

    func agent(_ source: OptionsSource, client: HTTPClient) throws(ConfigError) -> OpenAIAgent {
        guard let model = source.configuration.model, !model.isEmpty else {
            throw source.error(at: "model", "an openai agent needs a model")
        }
        if let temperature, !(0...2).contains(temperature) {
            throw source.error(Key.temperature, "must be between 0 and 2, found \(temperature)")
        }
        if let maxTokens, maxTokens < 1 {
            throw source.error(Key.maxTokens, "must be at least 1, found \(maxTokens)")
        }
        let defaults = OpenAIAgent.Configuration(model: model)
        return OpenAIAgent(configuration: OpenAIAgent.Configuration(
            baseURL: try baseURL.map { url throws(ConfigError) in try source.httpURL(url, Key.baseURL) } ?? defaults.baseURL,
            apiKey: apiKey, model: model, systemPrompt: systemPrompt, temperature: temperature, maxTokens: maxTokens,
            timeout: try source.duration(timeoutMS, Key.timeoutMS, default: defaults.timeout),
            idleTimeout: try source.duration(idleTimeoutMS, Key.idleTimeoutMS, default: defaults.idleTimeout),
            stream: stream ?? defaults.stream
        ), client: client)
    }
}
