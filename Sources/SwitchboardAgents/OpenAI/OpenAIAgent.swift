import Foundation
public import SwitchboardCore
public import SwitchboardHTTP

/// An agent answered by any OpenAI-compatible Chat Completions server: OpenAI,
/// DeepSeek, Qwen, Ollama, vLLM, the llama.cpp server.
///
/// Each turn POSTs `{base_url}/chat/completions` with the system prompt, the history
/// and the new message. Streamed answers (SSE, ending in `data: [DONE]`) become text
/// events, and reasoning deltas thinking events, as they arrive.
public struct OpenAIAgent: Agent {
    public struct Configuration: Sendable {
        /// The API's base URL, e.g. "https://api.openai.com/v1".
        public var baseURL: String
        /// Sent as a bearer token; nil sends none (Ollama, a local server).
        public var apiKey: String?
        public var model: String
        public var systemPrompt: String?
        public var temperature: Double?
        public var maxTokens: Int?
        /// The longest a whole answer may take.
        public var timeout: Duration
        /// The longest the server may send nothing while answering.
        public var idleTimeout: Duration
        /// Whether to ask for a streamed answer.
        public var stream: Bool

        public init(
            baseURL: String = "https://api.openai.com/v1", apiKey: String? = nil, model: String,
            systemPrompt: String? = nil, temperature: Double? = nil, maxTokens: Int? = nil,
            timeout: Duration = .seconds(120), idleTimeout: Duration = .seconds(60), stream: Bool = true
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.systemPrompt = systemPrompt
            self.temperature = temperature
            self.maxTokens = maxTokens
            self.timeout = timeout
            self.idleTimeout = idleTimeout
            self.stream = stream
        }
    }

    public let configuration: Configuration
    private let server: AgentServer

    public init(configuration: Configuration, client: HTTPClient) {
        self.configuration = configuration
        server = AgentServer(kind: "OpenAI-compatible server", url: configuration.baseURL, client: client,
                             secrets: configuration.apiKey.map { [$0] } ?? [])
    }

    public func respond(to turn: AgentTurn) -> AsyncThrowingStream<AgentEvent, any Error> {
        let request = request(for: turn)
        return .produced { [self] continuation in
            if configuration.stream {
                try await streamAnswer(to: request, into: continuation)
            } else {
                try await fetchAnswer(to: request, into: continuation)
            }
        }
    }

    private func streamAnswer(to request: HTTPRequest, into continuation: AgentEventContinuation) async throws {
        let response = try await server.stream(request)
        var parser = SSEParser()
        var finished = false
        let isComplete = try await server.read(response.body) { piece in
            for event in parser.parse(piece) {
                if event.data == "[DONE]" { return true }
                let chunk = try server.decode(ChatCompletionChunk.self, from: Array(event.data.utf8),
                                              expected: "a chat completion chunk")
                if let failure = chunk.error {
                    throw server.reportedError(failure.message ?? event.data)
                }
                if let delta = chunk.choices?.first?.delta {
                    yield(delta, into: continuation)
                }
                if chunk.choices?.first?.finishReason != nil { finished = true }
            }
            return false
        }
        // Some compatible servers and proxies close the stream after the last chunk (the one
        // with a finish_reason) without sending [DONE]; the answer is complete all the same.
        guard isComplete || finished else { throw server.malformed("the stream ended before [DONE]") }
    }

    private func fetchAnswer(to request: HTTPRequest, into continuation: AgentEventContinuation) async throws {
        let response = try await server.execute(request)
        let completion = try server.decode(ChatCompletion.self, from: response.body, expected: "a chat completion")
        guard let message = completion.choices.first?.message else { throw server.malformed("the answer has no choices") }
        yield(message, into: continuation)
    }

    private func yield(_ text: ChatCompletionText, into continuation: AgentEventContinuation) {
        if let reasoning = text.reasoning, !reasoning.isEmpty { continuation.yield(.thinking(reasoning)) }
        if let content = text.content, !content.isEmpty { continuation.yield(.text(content)) }
    }

    private func request(for turn: AgentTurn) -> HTTPRequest {
        var messages = configuration.systemPrompt.map { [ChatCompletionRequest.Message(role: "system", content: $0)] } ?? []
        messages += turn.history.map { ChatCompletionRequest.Message(role: $0.role.rawValue, content: $0.text) }
        messages.append(ChatCompletionRequest.Message(role: "user", content: turn.message.text))
        let body = ChatCompletionRequest(model: configuration.model, messages: messages, stream: configuration.stream,
                                         temperature: configuration.temperature, maxTokens: configuration.maxTokens)
        var headers = [(name: "Content-Type", value: "application/json"),
                       (name: "Accept", value: configuration.stream ? "text/event-stream" : "application/json")]
        if let apiKey = configuration.apiKey, !apiKey.isEmpty {
            headers.append((name: "Authorization", value: "Bearer \(apiKey)"))
        }
        return HTTPRequest(
            method: "POST", url: Self.endpoint(baseURL: configuration.baseURL), headers: headers,
            // Encoding strings and numbers cannot fail.
            body: Array((try? JSONEncoder().encode(body)) ?? Data()),
            timeout: configuration.timeout,
            idleTimeout: configuration.idleTimeout
        )
    }

    /// `{base_url}/chat/completions`, whether or not the base URL ends in "/".
    private static func endpoint(baseURL: String) -> String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/chat/completions"
    }
}
