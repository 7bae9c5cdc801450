import SwitchboardConfig
import Testing

@Suite("Bad YAML is reported at its position")
struct YAMLSyntaxTests {
    @Test func tabIndentationIsReportedAtTheTab() {
        let yaml = "host:\n\tdata_dir: ./data\n"
        #expect(errorLines(of: yaml) == [
            "config.yaml:2:1: invalid YAML: found character that cannot start any token"
                + " (while scanning for the next token); indent with spaces, tabs are not allowed",
        ])
    }

    @Test func unclosedBracketIsReportedWhereTheListShouldEnd() {
        let yaml = "plugin_dirs: [./plugins.d, ./more\nhost: {}\n"
        let lines = errorLines(of: yaml)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("config.yaml:2:5: invalid YAML: did not find expected ',' or ']'") == true)
    }

    @Test func duplicateKeyIsRejected() {
        let yaml = """
            host:
              log_level: info
              log_level: debug
            """
        #expect(errorLines(of: yaml) == ["config.yaml:2:3: duplicate key 'log_level'"])
    }

    @Test func aDocumentThatIsNotAMappingIsRejected() {
        #expect(errorLines(of: "- host\n- channels\n") == ["config.yaml:1:1: expected a mapping, found a list"])
    }

    @Test func anEmptyFileGivesTheDefaults() throws {
        let configuration = try parse("")
        #expect(configuration.agents.map(\.name) == ["echo"])
        #expect(configuration.channels.isEmpty)
        #expect(configuration.host.logLevel == .info)
    }
}
