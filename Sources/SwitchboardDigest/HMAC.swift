/// HMAC (RFC 2104) with SHA-256: the signatures platforms put on webhook calls.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticationCode(for message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        var block = Array(key)
        if block.count > SHA256.blockSize { block = SHA256.digest(block) }
        block += [UInt8](repeating: 0, count: SHA256.blockSize - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + Array(message))
        return SHA256.digest(block.map { $0 ^ 0x5c } + inner)
    }

    /// The code of `message`'s UTF-8 under `key`'s UTF-8.
    public static func authenticationCode(for message: String, key: String) -> [UInt8] {
        authenticationCode(for: Array(message.utf8), key: Array(key.utf8))
    }
}

/// Compares two byte strings in time that depends only on their lengths, so a caller
/// checking a signature does not tell an attacker how many leading bytes were right.
public func constantTimeEqual(_ first: some Collection<UInt8>, _ second: some Collection<UInt8>) -> Bool {
    guard first.count == second.count else { return false }
    var difference: UInt8 = 0
    for (left, right) in zip(first, second) { difference |= left ^ right }
    return difference == 0
}
