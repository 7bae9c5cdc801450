import SwitchboardAgents
import SwitchboardConfig
import SwitchboardCore
import Testing

@Suite("AgentCatalog")
struct AgentCatalogTests {
    static let location = SourceLocation(file: "config.yaml", line: 12, column: 5)

    @Test func echoTakesItsPacing() throws {
        let agent = try make(type: "echo", options: #"{"delay_ms":5,"word_interval_ms":10}"#).get()

        let echo = try #require(agent as? EchoAgent)
        #expect(echo.delay == .milliseconds(5))
        #expect(echo.wordInterval == .milliseconds(10))
    }

    @Test func openAIGetsItsOptionsAndDefaults() throws {
        let agent = try make(type: "openai", model: "deepseek-chat", options: #"""
            {"base_url":"https://api.deepseek.com/v1","api_key":"sk-1","system_prompt":"Be brief.","temperature":0.2,
             "max_tokens":512,"idle_timeout_ms":5000}
            """#).get()

        let configuration = try #require(agent as? OpenAIAgent).configuration
        #expect(configuration.baseURL == "https://api.deepseek.com/v1")
        #expect(configuration.apiKey == "sk-1")
        #expect(configuration.model == "deepseek-chat")
        #expect(configuration.systemPrompt == "Be brief.")
        #expect(configuration.temperature == 0.2)
        #expect(configuration.maxTokens == 512)
        #expect(configuration.timeout == .milliseconds(120_000))
        #expect(configuration.idleTimeout == .milliseconds(5000))
        #expect(configuration.stream)
    }

    @Test func openAIDefaultsToOpenAI() throws {
        let configuration = try #require(try make(type: "openai", model: "gpt-4o").get() as? OpenAIAgent).configuration

        #expect(configuration.baseURL == "https://api.openai.com/v1")
        #expect(configuration.apiKey == nil)
    }

    @Test func commandFindsItsProgramInPATH() throws {
        let agent = try make(type: "command", options: #"{"command":"sh","arguments":["-c","cat"],"working_directory":"/tmp/agents"}"#).get()

        let configuration = try #require(agent as? CommandAgent).configuration
        #expect(configuration.command.hasSuffix("/sh"))
        #expect(configuration.command.hasPrefix("/"))
        #expect(configuration.arguments == ["-c", "cat"])
        #expect(configuration.workingDirectory == "/tmp/agents")
    }

    @Test func httpGetsItsURLAndHeaders() throws {
        let agent = try make(type: "http", options: #"{"url":"http://127.0.0.1:9000/agent","headers":{"X-B":"2","X-A":"1"}}"#).get()

        let configuration = try #require(agent as? HTTPAgent).configuration
        #expect(configuration.url == "http://127.0.0.1:9000/agent")
        #expect(configuration.headers.map(\.name) == ["X-A", "X-B"])
    }

    /// A configuration mistake and the error that must point at it.
    struct Mistake: Sendable, CustomTestStringConvertible {
        var type: String
        var model: String?
        var options = "{}"
        var keyPath: String
        var message: String

        var testDescription: String { "\(type) \(options)" }
    }

    @Test(arguments: [
        Mistake(type: "claude", keyPath: "agents[3].type",
                message: "unknown agent type 'claude' (this build knows: echo, openai, command, http)"),
        Mistake(type: "openai", keyPath: "agents[3].model", message: "an openai agent needs a model"),
        Mistake(type: "echo", options: #"{"delay":5}"#, keyPath: "agents[3].options.delay",
                message: "unknown option 'delay' (echo agents know: delay_ms, word_interval_ms)"),
        Mistake(type: "echo", options: #"{"delay_ms":-1}"#, keyPath: "agents[3].options.delay_ms", message: "must be at least 0, found -1"),
        Mistake(type: "openai", model: "gpt-4o", options: #"{"temperature":"hot"}"#, keyPath: "agents[3].options.temperature",
                message: "must be a number"),
        Mistake(type: "openai", model: "gpt-4o", options: #"{"temperature":3}"#, keyPath: "agents[3].options.temperature",
                message: "must be between 0 and 2, found 3.0"),
        Mistake(type: "openai", model: "gpt-4o", options: #"{"timeout_ms":0}"#, keyPath: "agents[3].options.timeout_ms",
                message: "must be at least 1, found 0"),
        Mistake(type: "openai", model: "gpt-4o", options: #"{"stream":"yes"}"#, keyPath: "agents[3].options.stream",
                message: "must be true or false"),
        Mistake(type: "openai", model: "gpt-4o", options: #"{"base_url":"api.openai.com"}"#, keyPath: "agents[3].options.base_url",
                message: "must be an absolute http or https URL, found 'api.openai.com'"),
        Mistake(type: "command", keyPath: "agents[3].options", message: "missing required option 'command'"),
        Mistake(type: "command", options: #"{"command":"no-such-agent-program"}"#, keyPath: "agents[3].options.command",
                message: "no executable 'no-such-agent-program' in PATH"),
        Mistake(type: "command", options: #"{"command":"bin/agent"}"#, keyPath: "agents[3].options.command",
                message: "must be an absolute path, found 'bin/agent'"),
        Mistake(type: "command", options: #"{"command":"/no/such/agent"}"#, keyPath: "agents[3].options.command",
                message: "no executable file at '/no/such/agent'"),
        Mistake(type: "command", options: #"{"command":"/bin/sh","arguments":["-c",5]}"#, keyPath: "agents[3].options.arguments[1]",
                message: "must be a string"),
        Mistake(type: "command", options: #"{"command":"/bin/sh","environment":{"DEBUG":1}}"#,
                keyPath: "agents[3].options.environment.DEBUG", message: "must be a string"),
        Mistake(type: "command", options: #"{"command":"/bin/sh","working_directory":"work"}"#,
                keyPath: "agents[3].options.working_directory", message: "must be an absolute path, found 'work'"),
        Mistake(type: "http", keyPath: "agents[3].options", message: "missing required option 'url'"),
        Mistake(type: "http", options: #"{"url":"http://a.example","headers":{"X-A":"1\r\nX-B: 2"}}"#, keyPath: "agents[3].options.headers",
                message: "cannot be sent: the value of header X-A contains a line break or NUL"),
    ])
    func mistakeIsPointedAt(_ mistake: Mistake) {
        guard case .failure(let error) = make(type: mistake.type, model: mistake.model, options: mistake.options) else {
            Issue.record("expected an error, got an agent")
            return
        }
        #expect(error.location == Self.location)
        #expect(error.keyPath == mistake.keyPath)
        #expect(error.message == mistake.message)
    }

    private func make(type: String, model: String? = nil, options: String = "{}") -> Result<any Agent, ConfigError> {
        AgentCatalog.make(AgentConfiguration(name: "main", type: type, model: model, optionsJSON: options, location: Self.location),
                          keyPath: "agents[3]", client: loopbackClient())
    }
}
