/// What an `HTTPClient` applies to each of its transfers.
struct TransferSettings: Sendable {
    /// The proxy URL, "" for none, or nil for libcurl's reading of the proxy
    /// environment variables.
    var proxy: String?
    /// A file of trusted CA certificates, or nil for the system's.
    var caBundle: String?
    /// The largest response body accepted, in bytes.
    var maxResponseBodySize: Int
}

extension Duration {
    /// This duration in whole milliseconds, rounded up, at least 1 (0 means "no limit"
    /// to libcurl).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = min(seconds, 1_000_000_000) * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(1, Int(milliseconds))
    }
}
