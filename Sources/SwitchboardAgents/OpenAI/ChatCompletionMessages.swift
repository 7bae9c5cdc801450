/// The body of a Chat Completions request.
struct ChatCompletionRequest: Encodable {
    struct Message: Encodable {
        let role: String
        let content: String
    }

    let model: String
    let messages: [Message]
    let stream: Bool
    let temperature: Double?
    let maxTokens: Int?

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, temperature, maxTokens = "max_tokens"
    }
}

/// The text of a message or of a streamed delta: the answer, and the reasoning that
/// DeepSeek, Qwen, vLLM and llama.cpp send as `reasoning_content` (Ollama and others
/// as `reasoning`).
struct ChatCompletionText: Decodable {
    let content: String?
    let reasoning: String?

    enum CodingKeys: String, CodingKey {
        case content, reasoningContent = "reasoning_content", reasoning
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        reasoning = try container.decodeIfPresent(String.self, forKey: .reasoningContent)
            ?? container.decodeIfPresent(String.self, forKey: .reasoning)
    }
}

/// One `data:` event of a streamed answer: a delta, or an error some servers send
/// mid-stream.
struct ChatCompletionChunk: Decodable {
    struct Choice: Decodable {
        let delta: ChatCompletionText?
        /// Set on the last chunk of a choice ("stop", "length", ...).
        let finishReason: String?

        enum CodingKeys: String, CodingKey {
            case delta, finishReason = "finish_reason"
        }
    }

    struct Failure: Decodable {
        let message: String?
    }

    let choices: [Choice]?
    let error: Failure?
}

/// A whole answer (`stream: false`).
struct ChatCompletion: Decodable {
    struct Choice: Decodable {
        let message: ChatCompletionText
    }

    let choices: [Choice]
}
