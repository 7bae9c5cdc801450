import CSwitchboardABI

/// A failure a provider reports to the host: an `SB_ERR_*` code and a message.
public struct ProviderError: Error, Sendable {
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public static func invalidArgument(_ message: String) -> ProviderError { .init(code: SB_ERR_INVALID_ARGUMENT, message: message) }
    public static func transient(_ message: String) -> ProviderError { .init(code: SB_ERR_TRANSIENT, message: message) }
    public static func authentication(_ message: String) -> ProviderError { .init(code: SB_ERR_AUTH, message: message) }
    public static func unsupported(_ message: String) -> ProviderError { .init(code: SB_ERR_UNSUPPORTED, message: message) }

    /// Writes the failure into the caller's `sb_error` and returns its code.
    func write(to error: UnsafeMutablePointer<sb_error>?) -> Int32 {
        guard let error else { return code }
        error.pointee.code = code
        withUnsafeMutableBytes(of: &error.pointee.message) { buffer in
            let bytes = Array(message.utf8.prefix(buffer.count - 1))
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        return code
    }
}
