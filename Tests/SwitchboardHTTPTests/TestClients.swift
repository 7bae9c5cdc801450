import SwitchboardHTTP

/// A client that ignores any proxy the environment names: the test servers are on loopback.
func loopbackClient(maxResponseBodySize: Int = 16 * 1024 * 1024) -> HTTPClient {
    HTTPClient(proxy: "", maxResponseBodySize: maxResponseBodySize)
}
