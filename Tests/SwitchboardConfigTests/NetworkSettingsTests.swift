import SwitchboardConfig
import Testing

@Suite("Network settings: ingress and a channel's proxy and CAs")
struct NetworkSettingsTests {
    @Test func ingressDefaultsToLoopbackWithAOneMebibyteLimitAndNoPublicURL() throws {
        let host = try parse("host: {}\n").host
        #expect(host.ingressAddress.isLoopback)
        #expect(host.ingressMaxBodyBytes == 1 << 20)
        #expect(host.ingressPublicURL == nil)
    }

    @Test func publicURLAndBodyLimitAreRead() throws {
        let host = try parse("host: {ingress_public_url: \"https://bot.example.com/switchboard/\", ingress_max_body_bytes: 4096}\n").host
        #expect(host.ingressPublicURL == "https://bot.example.com/switchboard", "without the trailing slash")
        #expect(host.ingressMaxBodyBytes == 4096)
    }

    @Test func malformedPublicURLAndTinyLimitAreRejected() {
        let lines = errorLines(of: "host: {ingress_public_url: \"ftp://x\", ingress_max_body_bytes: 10}\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("host.ingress_public_url: expected an http:// or https:// URL without query"))
        #expect(lines[1].contains("host.ingress_max_body_bytes"))
    }

    @Test func channelNetworkSettingsAreRead() throws {
        let configuration = try parse("""
            channels:
              - {id: a, provider: telegram, network: {proxy: "http://proxy.internal:3128", ca_bundle: /etc/ca.pem}}
              - {id: b, provider: telegram, network: {proxy: ""}}
              - {id: c, provider: telegram}
            """)
        #expect(configuration.channels[0].network == NetworkSettings(proxy: "http://proxy.internal:3128", caBundle: "/etc/ca.pem"))
        #expect(configuration.channels[1].network.proxy == "", "explicitly no proxy")
        #expect(configuration.channels[2].network.proxy == nil, "follow the environment")
    }

    @Test(arguments: ["socks5://proxy:1080", "http://proxy", "http://proxy:3128/path", "proxy:3128"])
    func proxyThatIsNotHTTPHostAndPortIsRejected(proxy: String) {
        let lines = errorLines(of: "channels: [{id: a, provider: telegram, network: {proxy: \"\(proxy)\"}}]\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("channels[0].network.proxy: expected \"\" or http://host:port") == true, "\(lines)")
    }
}
