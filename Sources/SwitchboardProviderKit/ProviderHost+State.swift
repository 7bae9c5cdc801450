import CSwitchboardABI

extension ProviderHost {
    /// The channel's stored value for `key`, or nil. [instance-executor]
    public func storedValue(for key: String) throws(HostServiceError) -> String? {
        guard let get = services.state?.get else { throw .unavailable(SB_STATE_EXTENSION_ID) }
        var capacity = 256
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            var length = 0
            let code = key.withCString { get(hostTable, $0, &buffer, capacity, &length) }
            switch code {
            case SB_OK: return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            case SB_ERR_NOT_FOUND: return nil
            case SB_ERR_TOO_LARGE where length + 1 > capacity: capacity = length + 1
            default: throw HostServiceError(code: code, message: "reading state \(key) failed")
            }
        }
    }

    /// Stores `value` for `key` (nil deletes it); on disk when this returns. [instance-executor]
    public func store(_ value: String?, for key: String) throws(HostServiceError) {
        guard let set = services.state?.set else { throw .unavailable(SB_STATE_EXTENSION_ID) }
        let code = key.withCString { keyPointer in withOptionalCString(value) { set(hostTable, keyPointer, $0) } }
        guard code == SB_OK else { throw HostServiceError(code: code, message: "storing state \(key) failed") }
    }
}
