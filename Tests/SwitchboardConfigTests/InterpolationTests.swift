import SwitchboardConfig
import Testing

@Suite("${VAR} interpolation")
struct InterpolationTests {
    private func schema() throws -> SettingsSchema {
        try SettingsSchema(json: """
            {"properties": {"token": {"type": "string"}, "port": {"type": "integer"}, "label": {"type": "string"}}}
            """)
    }

    @Test func unsetVariableIsAnErrorAtTheScalar() {
        let yaml = """
            channels:
              - id: tg
                provider: telegram
                settings:
                  token: ${TELEGRAM_TOKEN}
            """
        #expect(errorLines(of: yaml) == [
            "config.yaml:5:14: channels[0].settings.token: environment variable TELEGRAM_TOKEN is not set",
        ])
    }

    @Test func variablesDefaultsAndEscapesAreExpanded() throws {
        let yaml = """
            channels:
              - id: tg
                provider: telegram
                settings:
                  token: "bot-${TELEGRAM_TOKEN}"
                  port: ${PORT:-8443}
                  label: $${NOT_A_VARIABLE} costs $5 and ${EMPTY:-fallback}
            """
        let environment = ["TELEGRAM_TOKEN": "123:abc", "EMPTY": ""]
        let settings = try resolveFirstChannel(of: yaml, schema: schema(), environment: environment).get()
        #expect(settings.json == #"{"label":"${NOT_A_VARIABLE} costs $5 and fallback","port":8443,"token":"bot-123:abc"}"#)
    }

    @Test func aPlainScalarIsTypedAfterSubstitution() throws {
        let yaml = """
            channels:
              - id: tg
                provider: telegram
                settings:
                  token: x
                  port: "${PORT}"
              - id: tg2
                provider: telegram
                settings:
                  token: x
                  port: ${PORT}
            """
        let configuration = try parse(yaml, environment: ["PORT": "8080"])
        let quoted = configuration.resolveSettings(of: configuration.channels[0], schema: try schema())
        let plain = configuration.resolveSettings(of: configuration.channels[1], schema: try schema())
        #expect(errorLines(of: quoted) == [
            "config.yaml:6:13: channels[0].settings.port: expected an integer, found string \"8080\"",
        ])
        #expect(try plain.get().json == #"{"port":8080,"token":"x"}"#)
    }

    @Test func hostValuesAreInterpolatedToo() throws {
        let configuration = try parse("host:\n  log_level: ${LOG_LEVEL:-info}\n  data_dir: ${STATE}\n",
                                      environment: ["LOG_LEVEL": "debug", "STATE": "/var/state"])
        #expect(configuration.host.logLevel == .debug)
        #expect(configuration.host.dataDirectory == "/var/state")
    }

    @Test func malformedReferencesAreReported() {
        let yaml = """
            host:
              data_dir: ${NO_CLOSE
              log_level: ${BAD NAME}
            """
        #expect(errorLines(of: yaml) == [
            "config.yaml:2:13: host.data_dir: '${' without a closing '}' (write '$${' for a literal '${')",
            "config.yaml:3:14: host.log_level: 'BAD NAME' is not a valid environment variable name",
        ])
    }
}
