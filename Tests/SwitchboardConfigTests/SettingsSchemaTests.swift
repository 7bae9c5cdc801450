import SwitchboardConfig
import Testing

@Suite("Reading a plugin's settings schema")
struct SettingsSchemaTests {
    private func schemaError(_ json: String) -> String? {
        do {
            _ = try SettingsSchema(json: json)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func malformedJSONIsRejected() {
        let message = schemaError(#"{"type": "object""#)
        #expect(message?.hasPrefix("the settings schema is not valid JSON: ") == true)
    }

    @Test func malformedKeywordsNameTheirPlace() {
        #expect(schemaError(#"{"properties": {"a": {"type": "strng"}}}"#)
            == #"properties.a.type: expected one of string, integer, number, boolean, object, array, found "strng""#)
        #expect(schemaError(#"{"properties": {"a": {"pattern": "("}}}"#)
            == "properties.a.pattern: '(' is not a valid regular expression")
        #expect(schemaError(#"{"required": "token"}"#) == #"required: expected an array, found "token""#)
        #expect(schemaError(#"{"additionalProperties": {}}"#) == "additionalProperties: expected true or false, found {}")
        #expect(schemaError(#"{"properties": {"a": {"minLength": -1}}}"#)
            == "properties.a.minLength: expected a non-negative integer, found -1")
        #expect(schemaError(#"{"type": "string"}"#) == "type: the settings schema must describe an object")
    }

    @Test func unknownKeywordsAreIgnored() {
        #expect(schemaError(#"{"$schema": "x", "title": "T", "properties": {"a": {"format": "uri"}}}"#) == nil)
    }

    @Test func secretKeysListEverySecretProperty() throws {
        #expect(try telegramSchema().secretKeys == ["token", "webhook.secret"])
        let nested = try SettingsSchema(json: """
            {"properties": {"accounts": {"type": "array", "items": {"properties": {"key": {"type": "string", "x-secret": true}}}}}}
            """)
        #expect(nested.secretKeys == ["accounts[].key"])
        #expect(SettingsSchema.empty.secretKeys.isEmpty)
    }
}
