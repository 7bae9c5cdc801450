import SwitchboardConfig
import Testing

@Suite("Channel settings checked against the provider's schema")
struct SettingsValidationTests {
    private func resolve(_ settingsLines: String) throws -> Result<ResolvedSettings, ConfigErrors> {
        try resolveFirstChannel(of: telegramChannelYAML(settingsLines), schema: telegramSchema())
    }

    @Test func missingRequiredSettingIsReportedAtTheSettings() throws {
        #expect(errorLines(of: try resolve("chat_id: \"42\"")) == [
            "config.yaml:5:7: channels[0].settings: missing required setting 'token' (bot token from @BotFather)",
        ])
    }

    @Test func missingSettingsAreReportedAtTheChannel() throws {
        let yaml = "channels:\n  - id: tg\n    provider: telegram\n"
        #expect(errorLines(of: try resolveFirstChannel(of: yaml, schema: telegramSchema())) == [
            "config.yaml:2:5: channels[0].settings: missing required setting 'token' (bot token from @BotFather)",
        ])
    }

    @Test func wrongTypeNamesWhatWasExpectedAndFound() throws {
        #expect(errorLines(of: try resolve("token: abc\npoll_timeout_s: fifty")) == [
            "config.yaml:6:23: channels[0].settings.poll_timeout_s: expected an integer, found string \"fifty\"",
        ])
    }

    @Test func unknownSettingGetsASuggestion() throws {
        #expect(errorLines(of: try resolve("token: abc\nchat_di: 42")) == [
            "config.yaml:6:7: channels[0].settings.chat_di: unknown setting 'chat_di'; did you mean 'chat_id'?",
        ])
    }

    @Test func enumViolationListsTheAllowedValues() throws {
        #expect(errorLines(of: try resolve("token: abc\nmode: pollng")) == [
            "config.yaml:6:13: channels[0].settings.mode: expected one of \"polling\", \"webhook\", found \"pollng\";"
                + " did you mean 'polling'?",
        ])
    }

    @Test func defaultsAreFilledInNestedObjectsToo() throws {
        let settings = try resolve("token: abc").get()
        #expect(settings.json == #"{"mode":"polling","poll_timeout_s":30,"token":"abc","verbose":false,"webhook":{"port":8443}}"#)
        let withWebhook = try resolve("token: abc\nwebhook:\n  path: /hook").get()
        #expect(withWebhook.json.contains(#""webhook":{"path":"/hook","port":8443}"#))
    }

    @Test func aPlainNumericScalarIsAcceptedAsAString() throws {
        let settings = try resolve("token: 123456\nchat_id: -1001234567890").get()
        #expect(settings.json.contains(#""chat_id":"-1001234567890""#))
        #expect(settings.json.contains(#""token":"123456""#))
    }

    @Test func nestedObjectsAreCheckedWithTheirKeyPaths() throws {
        let lines = "token: abc\nwebhook:\n  path: hook\n  prot: 8443\n  port: many"
        let result = try resolve(lines)
        #expect(errorLines(of: result) == [
            "config.yaml:7:15: channels[0].settings.webhook.path: must match the pattern '^/', found \"hook\"",
            "config.yaml:8:9: channels[0].settings.webhook.prot: unknown setting 'prot'; did you mean 'port'?",
            "config.yaml:9:15: channels[0].settings.webhook.port: expected an integer, found string \"many\"",
        ])
    }

    @Test func allProblemsAreReportedTogether() throws {
        #expect(errorLines(of: try resolve("poll_timeout_s: 0\nverbose: yes")) == [
            "config.yaml:5:7: channels[0].settings: missing required setting 'token' (bot token from @BotFather)",
            "config.yaml:5:23: channels[0].settings.poll_timeout_s: must be at least 1, found 0",
            "config.yaml:6:16: channels[0].settings.verbose: expected true or false, found string \"yes\"",
        ])
    }

    @Test func numbersArraysAndBooleansAreTyped() throws {
        let settings = try resolve("token: abc\nratio: 2\nadmins: [1, 2]\nverbose: true\npoll_timeout_s: 60").get()
        #expect(settings.json.contains(#""ratio":2,"#))
        #expect(settings.json.contains(#""admins":[1,2]"#))
        #expect(settings.json.contains(#""verbose":true"#))
        #expect(settings.json.contains(#""poll_timeout_s":60"#))
        #expect(errorLines(of: try resolve("token: abc\nratio: half\nadmins: [1, two]")) == [
            "config.yaml:6:14: channels[0].settings.ratio: expected a number, found string \"half\"",
            "config.yaml:7:19: channels[0].settings.admins[1]: expected an integer, found string \"two\"",
        ])
    }

    @Test func aNullValueCountsAsAbsent() throws {
        let settings = try resolve("token: abc\nmode:\nchat_id: ~").get()
        #expect(settings.json.contains(#""mode":"polling""#))
        #expect(!settings.json.contains("chat_id"))
    }

    @Test func theEmptySchemaAcceptsNoSettings() throws {
        let yaml = telegramChannelYAML("anything: 1")
        #expect(errorLines(of: try resolveFirstChannel(of: yaml, schema: .empty)) == [
            "config.yaml:5:7: channels[0].settings.anything: unknown setting 'anything'",
        ])
        let none = try resolveFirstChannel(of: "channels:\n  - {id: a, provider: b}\n", schema: .empty)
        #expect(try none.get().json == "{}")
    }

    @Test func additionalPropertiesTrueAcceptsAnyKey() throws {
        let schema = try SettingsSchema(json: #"{"properties": {"extra": {"type": "object", "additionalProperties": true}}}"#)
        let yaml = telegramChannelYAML("extra:\n  a: 1\n  b: [x]")
        #expect(try resolveFirstChannel(of: yaml, schema: schema).get().json == #"{"extra":{"a":1,"b":["x"]}}"#)
    }
}
