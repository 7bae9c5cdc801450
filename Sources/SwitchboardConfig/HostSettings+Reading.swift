extension HostSettings {
    /// The keys of the `host:` section.
    static let keys = ["data_dir", "ingress_listen", "ingress_public_url", "ingress_max_body_bytes", "admin_listen", "log_level", "log_format", "reconnect"]

    /// Reads the `host:` section; relative paths are resolved against `baseDirectory`.
    init(reading reader: MappingReader, baseDirectory: String) {
        let expectedAddress = "host:port or [IPv6]:port with a port from 0 to 65535"
        self.init(
            dataDirectory: absolutePath(reader.string("data_dir") ?? "data", relativeTo: baseDirectory),
            ingressAddress: reader.parsed("ingress_listen", expected: expectedAddress, ListenAddress.init) ?? .defaultIngress,
            ingressPublicURL: reader.parsed("ingress_public_url", expected: "an http:// or https:// URL without query",
                                            WebURL.base),
            ingressMaxBodyBytes: reader.integer("ingress_max_body_bytes", minimum: 1024) ?? 1 << 20,
            adminAddress: reader.parsed("admin_listen", expected: expectedAddress, ListenAddress.init) ?? .defaultAdmin,
            logLevel: reader.choice("log_level") ?? .info,
            logFormat: reader.choice("log_format") ?? .text,
            reconnect: ReconnectSettings(reading: reader.mapping("reconnect", allowedKeys: ReconnectSettings.keys))
        )
    }
}

extension ReconnectSettings {
    /// The keys of the `host.reconnect:` section.
    static let keys = ["initial_delay_ms", "max_delay_ms"]

    /// Reads `host.reconnect:`; the maximum delay must be at least the initial one.
    init(reading reader: MappingReader) {
        let initial = reader.integer("initial_delay_ms", minimum: 1) ?? 1000
        let maximum = reader.integer("max_delay_ms", minimum: initial) ?? max(60000, initial)
        self.init(initialDelay: .milliseconds(initial), maximumDelay: .milliseconds(maximum))
    }
}
