import SwitchboardProviderKit

/// The replies the bot has sent, by idempotency key, in the channel's state.
///
/// The host sends a reply again when it cannot know whether the first try arrived (it
/// was killed after Telegram took the message and before it recorded that), and an
/// answer streams again when a crash interrupted it. Telegram has no idempotency keys,
/// so the plugin keeps its own: a key already in the ledger is not sent twice. Only the
/// moment between Telegram's answer and the ledger's write remains uncovered.
///
/// The ledger is a fixed number of slots, each holding the last key that hashed to it,
/// so it never grows; a repeat only ever comes soon after the original.
struct SentLedger {
    let host: ProviderHost
    static let slots: UInt64 = 4096

    /// The message sent under `key`, if the ledger has it. [instance-executor]
    func messageID(for key: String) -> String? {
        guard let entry = try? host.storedValue(for: Self.slot(of: key)),
              let newline = entry.firstIndex(of: "\n"), entry[..<newline] == key
        else { return nil }
        return String(entry[entry.index(after: newline)...])
    }

    /// Notes that `messageID` went out under `key`. [instance-executor]
    func record(_ messageID: String, for key: String) {
        do {
            try host.store(key + "\n" + messageID, for: Self.slot(of: key))
        } catch {
            host.log(.warning, "the sent-message ledger cannot be written (\(error)); a crash now could repeat a reply")
        }
    }

    /// The state key of `key`'s slot: FNV-1a, which unlike `Hasher` is the same in every run.
    private static func slot(of key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return "sent/\(hash % slots)"
    }
}
