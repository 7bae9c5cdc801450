import SwitchboardHTTP

/// The host services one channel's provider may use besides timers: its state in the
/// store, the network with the channel's proxy and CA settings, and webhook ingress.
struct ChannelServices: Sendable {
    /// The channel's state in the store; nil when the host keeps none.
    var state: ChannelStateAccess?
    var network = ChannelNetwork()
    /// The host's webhook ingress; nil when it serves none.
    var ingress: IngressHub?
}

/// How a channel reaches the network: its proxy and CA settings, applied to HTTP and
/// WebSocket alike.
struct ChannelNetwork: Sendable {
    /// An http:// proxy URL, "" for none, nil to follow the proxy environment variables.
    let proxy: String?
    /// A PEM file of CA certificates to trust, nil for the system's.
    let caBundle: String?
    /// The channel's HTTP client; every client shares the host's libcurl event loop.
    let http: HTTPClient

    init(proxy: String? = nil, caBundle: String? = nil) {
        self.proxy = proxy
        self.caBundle = caBundle
        http = HTTPClient(proxy: proxy, caBundle: caBundle)
    }
}
