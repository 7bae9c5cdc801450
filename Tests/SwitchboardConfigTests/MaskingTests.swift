import SwitchboardConfig
import Testing

@Suite("Masking secrets")
struct MaskingTests {
    @Test func secretsAreMaskedInTheMaskedJSONOnly() throws {
        let yaml = telegramChannelYAML("token: \"123456:ABCDEFGHWXYZ\"\nwebhook:\n  secret: short\nchat_id: \"42\"")
        let settings = try resolveFirstChannel(of: yaml, schema: telegramSchema()).get()
        #expect(settings.json.contains(#""token":"123456:ABCDEFGHWXYZ""#))
        #expect(settings.maskedJSON.contains(#""token":"********WXYZ""#))
        #expect(settings.maskedJSON.contains(#""secret":"********""#))
        #expect(settings.maskedJSON.contains(#""chat_id":"42""#))
        #expect(!settings.maskedJSON.contains("short"))
    }

    @Test func maskKeepsTheLastFourCharactersOfLongSecretsOnly() {
        #expect(SettingsSchema.mask(secret: "abcdefghijk") == "********")
        #expect(SettingsSchema.mask(secret: "abcdefghijkl") == "********ijkl")
        #expect(SettingsSchema.mask(secret: "") == "********")
    }

    @Test func maskJSONUsesTheSchema() throws {
        let masked = try telegramSchema().mask(json: #"{"token": "0123456789abcdef", "mode": "polling"}"#)
        #expect(masked == #"{"mode":"polling","token":"********cdef"}"#)
    }
}
