internal import CCurl

/// An http or https URL as libcurl parses it, and the part of it that may be shown.
struct RequestURL {
    /// Shown for a URL that does not parse.
    static let unparsableServer = "(unparsable URL)"

    /// The host, with the port when the URL names one: safe to log, unlike path and query.
    let server: String

    /// Parses `string`; nil when it is not an absolute http or https URL with a host.
    init?(_ string: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, string, 0) == CURLUE_OK,
              let scheme = Self.part(CURLUPART_SCHEME, of: handle), scheme == "http" || scheme == "https",
              let host = Self.part(CURLUPART_HOST, of: handle), !host.isEmpty
        else { return nil }
        server = Self.part(CURLUPART_PORT, of: handle).map { "\(host):\($0)" } ?? host
    }

    /// The server of `string`, or a placeholder when it does not parse.
    static func server(of string: String) -> String {
        RequestURL(string)?.server ?? unparsableServer
    }

    private static func part(_ part: CURLUPart, of handle: OpaquePointer) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}

extension HTTPRequest {
    /// The URL's host, with the port when the URL names one: safe to show, unlike its
    /// path and query. A placeholder when the URL does not parse.
    public var server: String {
        RequestURL.server(of: url)
    }
}
