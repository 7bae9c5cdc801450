import SwitchboardConfig
import Testing

@Suite("Secrets read from X_file")
struct SecretFileTests {
    @Test func tokenFileIsReadRelativeToTheConfigFolderWithOneNewlineTrimmed() throws {
        let folder = try TemporaryDirectory()
        try folder.write("123:secret-token\n\n", to: "token.txt")
        let yaml = telegramChannelYAML("token_file: token.txt")
        let settings = try resolveFirstChannel(of: yaml, schema: telegramSchema(), baseDirectory: folder.path).get()
        #expect(settings.json.contains(#""token":"123:secret-token\n""#))
        #expect(!settings.json.contains("token_file"))
    }

    @Test func nestedSecretFileWithAnAbsolutePath() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("hook-secret\n", to: "hook.txt")
        let yaml = telegramChannelYAML("token: abc\nwebhook:\n  secret_file: \(file)")
        let settings = try resolveFirstChannel(of: yaml, schema: telegramSchema()).get()
        #expect(settings.json.contains(#""secret":"hook-secret""#))
    }

    @Test func missingFileIsReportedWithTheReason() throws {
        let folder = try TemporaryDirectory()
        let yaml = telegramChannelYAML("token_file: missing.txt")
        let result = try resolveFirstChannel(of: yaml, schema: telegramSchema(), baseDirectory: folder.path)
        #expect(errorLines(of: result) == [
            "config.yaml:5:19: channels[0].settings.token_file: cannot read secret file '\(folder.path)/missing.txt':"
                + " No such file or directory",
        ])
    }

    @Test func givingBothTheValueAndTheFileIsAnError() throws {
        let yaml = telegramChannelYAML("token: abc\ntoken_file: token.txt")
        #expect(errorLines(of: try resolveFirstChannel(of: yaml, schema: telegramSchema())) == [
            "config.yaml:6:7: channels[0].settings.token_file: both 'token' and 'token_file' are given; keep one",
        ])
    }

    @Test func aSchemaPropertyNamedXFileIsLeftAlone() throws {
        let schema = try SettingsSchema(json: """
            {"properties": {"cert": {"type": "string"}, "cert_file": {"type": "string"}}}
            """)
        let yaml = telegramChannelYAML("cert_file: /does/not/exist.pem")
        #expect(try resolveFirstChannel(of: yaml, schema: schema).get().json == #"{"cert_file":"/does/not/exist.pem"}"#)
    }

    @Test func agentOptionsReadFilesToo() throws {
        let folder = try TemporaryDirectory()
        try folder.write("sk-agent-key\n", to: "key.txt")
        let yaml = "agents:\n  - name: a\n    type: openai\n    options:\n      api_key_file: key.txt\n      temperature: 0.5\n"
        let configuration = try parse(yaml, baseDirectory: folder.path)
        #expect(configuration.agents.first?.optionsJSON == #"{"api_key":"sk-agent-key","temperature":0.5}"#)
    }
}
