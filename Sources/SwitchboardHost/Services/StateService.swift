import CSwitchboardABI

/// Reads and writes one channel's state in the host's store (`switchboard.state/1`).
struct ChannelStateAccess: Sendable {
    let get: @Sendable (_ key: String) throws -> String?
    let set: @Sendable (_ key: String, _ value: String?) throws -> Void
}

/// The `switchboard.state/1` table; lives until exit.
nonisolated(unsafe) let hostStateExtension: UnsafeMutablePointer<sb_state_extension> = {
    var table = ABIStruct.sized(sb_state_extension.self)
    table.get = { host, key, buffer, capacity, length in
        guard let bridge = HostBridge.from(host), let state = bridge.services.state, let key else { return SB_ERR_INVALID_ARGUMENT }
        do {
            guard let value = try state.get(String(cString: key)) else { return SB_ERR_NOT_FOUND }
            return CText.copy(value, into: buffer, capacity: capacity, length: length)
        } catch {
            bridge.logger.error("reading channel state failed: \(error)")
            return SB_ERR_INTERNAL
        }
    }
    table.set = { host, key, value in
        guard let bridge = HostBridge.from(host), let state = bridge.services.state, let key else { return SB_ERR_INVALID_ARGUMENT }
        let text = value.map { String(cString: $0) }
        if let text, text.utf8.count > Int(SB_STATE_VALUE_LIMIT) { return SB_ERR_TOO_LARGE }
        do {
            try state.set(String(cString: key), text)
            return SB_OK
        } catch {
            bridge.logger.error("writing channel state failed: \(error)")
            return SB_ERR_INTERNAL
        }
    }
    return .permanent(table)
}()
