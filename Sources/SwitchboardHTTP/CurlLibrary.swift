internal import CCurl

/// libcurl's process-wide state.
enum CurlLibrary {
    /// Runs `curl_global_init` once, before the first handle is made. [any thread]
    static func initialize() {
        _ = initialized
    }

    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
