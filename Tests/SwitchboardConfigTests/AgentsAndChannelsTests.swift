import SwitchboardConfig
import Testing

@Suite("Agents and channels")
struct AgentsAndChannelsTests {
    @Test func withoutAgentsThereIsOneImplicitEchoAgent() throws {
        let configuration = try parse("channels:\n  - id: demo\n    provider: loopback\n")
        #expect(configuration.agents.map(\.name) == ["echo"])
        #expect(configuration.agents.map(\.type) == ["echo"])
        let channel = try #require(configuration.channels.first)
        #expect(channel.agent == "echo")
        #expect(channel.enabled)
        #expect(channel.keyPath == "channels[0]")
        #expect(channel.location.description == "config.yaml:2:5")
        #expect(channel.providerLocation.description == "config.yaml:3:15")
    }

    @Test func channelsDefaultToTheFirstAgentAndMayNameAnother() throws {
        let yaml = """
            agents:
              - name: claude
                type: anthropic
                model: claude-sonnet
                options: {max_tokens: 1024, stream: true, tags: [a, b]}
              - name: echo
                type: echo
            channels:
              - id: main
                provider: telegram
              - id: test
                provider: loopback
                agent: echo
                enabled: false
            """
        let configuration = try parse(yaml)
        #expect(configuration.agents.map(\.name) == ["claude", "echo"])
        #expect(configuration.agents[0].model == "claude-sonnet")
        #expect(configuration.agents[0].optionsJSON == #"{"max_tokens":1024,"stream":true,"tags":["a","b"]}"#)
        #expect(configuration.agents[1].optionsJSON == "{}")
        #expect(configuration.channels.map(\.agent) == ["claude", "echo"])
        #expect(configuration.channels.map(\.enabled) == [true, false])
    }

    @Test func duplicateChannelIdIsReportedAtTheSecondOne() {
        let yaml = """
            channels:
              - id: demo
                provider: loopback
              - id: demo
                provider: telegram
            """
        #expect(errorLines(of: yaml) == [
            "config.yaml:4:9: channels[1].id: duplicate channel id 'demo' (first used at config.yaml:2:9)",
        ])
    }

    @Test func duplicateAgentNameIsReportedAtTheSecondOne() {
        let yaml = """
            agents:
              - {name: echo, type: echo}
              - {name: echo, type: other}
            """
        #expect(errorLines(of: yaml) == [
            "config.yaml:3:12: agents[1].name: duplicate agent name 'echo' (first used at config.yaml:2:12)",
        ])
    }

    @Test func channelNamingAnUnknownAgentGetsASuggestion() {
        let yaml = """
            agents:
              - name: claude
                type: anthropic
            channels:
              - id: demo
                provider: loopback
                agent: claud
            """
        #expect(errorLines(of: yaml) == [
            "config.yaml:7:12: channels[0].agent: unknown agent 'claud'; did you mean 'claude'?",
        ])
    }

    @Test func theImplicitAgentCanBeNamed() throws {
        let configuration = try parse("channels:\n  - {id: demo, provider: loopback, agent: echo}\n")
        #expect(configuration.channels.first?.agent == "echo")
    }

    @Test func malformedEntriesAreReported() {
        let yaml = """
            channels:
              - id: has space
                provider: loopback
                settings: [1, 2]
              - provider: telegram
                enabeld: true
            """
        #expect(errorLines(of: yaml) == [
            "config.yaml:2:9: channels[0].id: channel id must be 1 to 64 letters, digits, '_' or '-',"
                + " found \"has space\"",
            "config.yaml:4:15: channels[0].settings: expected a mapping, found a list",
            "config.yaml:5:5: channels[1]: missing required key 'id'",
            "config.yaml:6:5: channels[1].enabeld: unknown key 'enabeld'; did you mean 'enabled'?",
        ])
    }

    @Test func unknownProviderErrorPointsAtTheProvider() throws {
        let configuration = try parse("channels:\n  - id: demo\n    provider: telegrm\n")
        let channel = try #require(configuration.channels.first)
        let error = channel.unknownProviderError(knownProviders: ["loopback", "telegram"])
        #expect(error.description == "config.yaml:3:15: channels[0].provider: unknown provider 'telegrm'; did you mean 'telegram'?")
    }

    @Test func aConfigurationCanBeMadeInCode() throws {
        let channel = ChannelConfiguration(id: "demo", provider: "loopback", settings: ["port": "8080"])
        let configuration = SwitchboardConfiguration(channels: [channel])
        let schema = try SettingsSchema(json: #"{"properties": {"port": {"type": "integer"}}}"#)
        let settings = try configuration.resolveSettings(of: channel, schema: schema).get()
        #expect(settings.json == #"{"port":8080}"#)
        #expect(configuration.agent(named: channel.agent)?.type == "echo")
    }
}
