import CSwitchboardABI

/// A result code of the ABI (`SB_OK`, `SB_ERR_*`) with its name.
struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32

    static let ok = ResultCode(rawValue: SB_OK)
    static let invalidArgument = ResultCode(rawValue: SB_ERR_INVALID_ARGUMENT)
    static let unsupported = ResultCode(rawValue: SB_ERR_UNSUPPORTED)
    static let rateLimited = ResultCode(rawValue: SB_ERR_RATE_LIMITED)
    static let transient = ResultCode(rawValue: SB_ERR_TRANSIENT)
    static let notConnected = ResultCode(rawValue: SB_ERR_NOT_CONNECTED)
    static let duplicate = ResultCode(rawValue: SB_ERR_DUPLICATE)
    static let notModified = ResultCode(rawValue: SB_ERR_NOT_MODIFIED)
    static let shuttingDown = ResultCode(rawValue: SB_ERR_SHUTTING_DOWN)
    static let `internal` = ResultCode(rawValue: SB_ERR_INTERNAL)

    private static let names: [Int32: String] = [
        SB_OK: "ok", SB_ERR_INVALID_ARGUMENT: "invalid argument", SB_ERR_UNSUPPORTED: "unsupported",
        SB_ERR_NOT_FOUND: "not found", SB_ERR_RATE_LIMITED: "rate limited", SB_ERR_TRANSIENT: "transient failure",
        SB_ERR_AUTH: "authentication failed", SB_ERR_TOO_LARGE: "too large", SB_ERR_NOT_CONNECTED: "not connected",
        SB_ERR_DUPLICATE: "duplicate", SB_ERR_NOT_MODIFIED: "not modified", SB_ERR_SHUTTING_DOWN: "shutting down",
        SB_ERR_INTERNAL: "internal error",
    ]

    var description: String { Self.names[rawValue] ?? "code \(rawValue)" }

    /// Whether a failed start is worth retrying with backoff rather than giving up.
    var isTransient: Bool {
        self == .transient || self == .notConnected || self == .rateLimited
    }
}

extension sb_error {
    /// The code and message a plugin wrote, as one line.
    var summary: String {
        var copy = message
        let text = withUnsafeBytes(of: &copy) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let name = ResultCode(rawValue: code).description
        return text.isEmpty ? name : "\(text) (\(name))"
    }
}
