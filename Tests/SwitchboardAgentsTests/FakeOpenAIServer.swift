import SwitchboardAgents
import SwitchboardHTTP
import SwitchboardTestSupport

/// Answers of a fake OpenAI-compatible server, in its wire format.
enum OpenAIWire {
    static let path = "/v1/chat/completions"
    static let eventStream = [(name: "Content-Type", value: "text/event-stream")]

    /// A `data:` frame with a delta.
    static func delta(content: String? = nil, reasoning: String? = nil) -> String {
        var delta: [String] = []
        if let reasoning { delta.append(#""reasoning_content":\#(quoted(reasoning))"#) }
        if let content { delta.append(#""content":\#(quoted(content))"#) }
        return #"data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{\#(delta.joined(separator: ","))}}]}"#
            + "\n\n"
    }

    static let done = "data: [DONE]\n\n"

    /// A streamed answer: one frame per piece, then `[DONE]`.
    static func streamedAnswer(_ pieces: [String]) -> ScriptedResponse {
        .stream(status: 200, headers: eventStream, steps: pieces.map { .send(delta(content: $0)) } + [.send(done)])
    }

    /// An error answer in OpenAI's shape.
    static func error(status: Int, message: String) -> ScriptedResponse {
        .reply(status: status, headers: [(name: "Content-Type", value: "application/json")], body: Array(
            #"{"error":{"message":\#(quoted(message)),"type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#.utf8
        ))
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

/// An OpenAI agent asking `server`, with short timeouts.
func openAIAgent(
    server: TestHTTPServer, apiKey: String? = "sk-test-key", systemPrompt: String? = nil, stream: Bool = true,
    timeout: Duration = .seconds(20), idleTimeout: Duration = .seconds(20)
) -> OpenAIAgent {
    OpenAIAgent(configuration: OpenAIAgent.Configuration(
        baseURL: server.baseURL + "/v1", apiKey: apiKey, model: "gpt-test", systemPrompt: systemPrompt,
        timeout: timeout, idleTimeout: idleTimeout, stream: stream
    ), client: loopbackClient())
}
