import SwitchboardConfig
import Testing

@Suite("The host part: defaults, types and unknown keys")
struct HostSettingsTests {
    @Test func defaultsApplyAndRelativePathsFollowTheConfigFolder() throws {
        let configuration = try parse("host: {}\n")
        let host = configuration.host
        #expect(host.dataDirectory == "\(testBaseDirectory)/data")
        #expect(configuration.pluginDirectories == ["\(testBaseDirectory)/plugins.d"])
        #expect(host.ingressAddress == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(host.adminAddress == ListenAddress(host: "127.0.0.1", port: 8081))
        #expect(host.logLevel == .info)
        #expect(host.logFormat == .text)
        #expect(host.reconnect.initialDelay == .milliseconds(1000))
        #expect(host.reconnect.maximumDelay == .milliseconds(60000))
    }

    @Test func everyHostKeyIsRead() throws {
        let yaml = """
            host:
              data_dir: ../state
              ingress_listen: "[::1]:9000"
              admin_listen: 0.0.0.0:9001
              log_level: debug
              log_format: json
              reconnect:
                initial_delay_ms: 250
                max_delay_ms: 5000
            plugin_dirs: [./plugins.d, /opt/switchboard/plugins]
            """
        let configuration = try parse(yaml)
        let host = configuration.host
        #expect(host.dataDirectory == "/srv/state")
        #expect(host.ingressAddress.host == "::1")
        #expect(host.ingressAddress.port == 9000)
        #expect(host.ingressAddress.isLoopback)
        #expect(host.adminAddress.description == "0.0.0.0:9001")
        #expect(!host.adminAddress.isLoopback)
        #expect(host.logLevel == .debug)
        #expect(host.logFormat == .json)
        #expect(host.reconnect.initialDelay == .milliseconds(250))
        #expect(host.reconnect.maximumDelay == .milliseconds(5000))
        #expect(configuration.pluginDirectories == ["\(testBaseDirectory)/plugins.d", "/opt/switchboard/plugins"])
    }

    @Test func unknownTopLevelKeySuggestsTheClosestKey() {
        let yaml = """
            host: {}
            chanels: []
            """
        #expect(errorLines(of: yaml) == ["config.yaml:2:1: chanels: unknown key 'chanels'; did you mean 'channels'?"])
    }

    @Test func unknownHostKeySuggestsTheClosestKey() {
        let yaml = """
            host:
              log_levle: info
              colour: blue
            """
        #expect(errorLines(of: yaml) == [
            "config.yaml:2:3: host.log_levle: unknown key 'log_levle'; did you mean 'log_level'?",
            "config.yaml:3:3: host.colour: unknown key 'colour'",
        ])
    }

    @Test func wrongTypesNameWhatWasExpectedAndFound() {
        let yaml = """
            host:
              log_level: 5
              reconnect:
                initial_delay_ms: "soon"
            """
        #expect(errorLines(of: yaml) == [
            "config.yaml:2:14: host.log_level: expected one of trace, debug, info, notice, warning, error, critical,"
                + " found integer 5",
            "config.yaml:4:23: host.reconnect.initial_delay_ms: expected an integer, found string \"soon\"",
        ])
    }

    @Test func misspeltLogLevelGetsASuggestion() {
        #expect(errorLines(of: "host:\n  log_level: warn\n") == [
            "config.yaml:2:14: host.log_level: expected one of trace, debug, info, notice, warning, error, critical,"
                + " found string \"warn\"; did you mean 'warning'?",
        ])
    }

    @Test func listenAddressesAndDelayBoundsAreChecked() {
        let yaml = """
            host:
              ingress_listen: 8080
              admin_listen: localhost:70000
              reconnect:
                initial_delay_ms: 2000
                max_delay_ms: 1000
            """
        let expected = "expected host:port or [IPv6]:port with a port from 0 to 65535"
        #expect(errorLines(of: yaml) == [
            "config.yaml:2:19: host.ingress_listen: \(expected), found integer 8080",
            "config.yaml:3:17: host.admin_listen: \(expected), found string \"localhost:70000\"",
            "config.yaml:6:19: host.reconnect.max_delay_ms: must be at least 2000, found 1000",
        ])
    }

    @Test func hostSettingsMadeInCodeUseTheDefaults() {
        let host = HostSettings(dataDirectory: "/var/lib/switchboard")
        #expect(host.dataDirectory == "/var/lib/switchboard")
        #expect(host.ingressAddress.description == "127.0.0.1:8080")
        #expect(host.adminAddress.description == "127.0.0.1:8081")
        #expect(host.logLevel == .info)
        #expect(host.reconnect.maximumDelay == .seconds(60))
    }

    @Test func listenAddressParsing() {
        #expect(ListenAddress("127.0.0.1:8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(ListenAddress("[fe80::1]:443")?.description == "[fe80::1]:443")
        #expect(ListenAddress("localhost:0")?.isLoopback == true)
        #expect(ListenAddress("::1:80") == nil)
        #expect(ListenAddress("host:") == nil)
        #expect(ListenAddress("host:-1") == nil)
        #expect(ListenAddress("8080") == nil)
    }
}
