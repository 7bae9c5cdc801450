extension HTTPRequest {
    /// Why this request cannot be sent as given, or nil when it can. Guards against
    /// header injection: a line break in a value would start a header of its own.
    public var problem: String? {
        guard Self.isToken(method) else { return "the method is not an HTTP token" }
        for header in headers {
            guard Self.isToken(header.name) else { return "a header name is not an HTTP token" }
            guard !header.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                return "the value of header \(header.name) contains a line break or NUL"
            }
        }
        return nil
    }

    /// Whether a header field called `name` (compared case-insensitively) is set.
    func hasHeader(_ name: String) -> Bool {
        headers.firstValue(named: name) != nil
    }

    /// Whether `string` is an RFC 9110 token, as methods and header names must be.
    private static func isToken(_ string: String) -> Bool {
        !string.isEmpty && string.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }
}
