import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One message of a browser session's conversation, as the page shows it.
struct TranscriptEntry: Codable, Equatable {
    enum Role: String, Codable { case user, bot }
    enum Format: String, Codable { case plain, markdown }
    /// user: sending → sent or failed. bot: streaming → done or failed, or done at once.
    enum State: String, Codable { case sending, sent, failed, streaming, done }

    /// The page's id: the browser's own for user messages, "<chat>/<n>" for the bot's.
    var id: String
    var role: Role
    var text: String
    var format: Format
    var state: State
    /// When it was written, in Unix milliseconds.
    var time: Int64
    /// The transcript's change counter when it last changed; the page resumes after it.
    var seq: UInt64
    /// Why a user message was not accepted.
    var error: String?
}

/// The conversation of one browser session, kept in the channel's state so it survives
/// restarts: a head record and one record per message, the oldest dropped past `limit`.
/// Used on the instance's executor only.
final class Transcript {
    private struct Head: Codable {
        /// The ordinal of the oldest message kept.
        var first: UInt64
        /// The ordinal the next message gets.
        var next: UInt64
        /// The change counter as of the last append; updates since are in their entries.
        var seq: UInt64
    }

    let chatID: String
    private let store: TranscriptStore
    private let limit: Int
    private var head: Head
    /// The kept messages with their ordinals, oldest first.
    private var entries: [(ordinal: UInt64, entry: TranscriptEntry)]

    /// Loads the transcript of `chatID`, or starts an empty one.
    init(chatID: String, store: TranscriptStore, limit: Int) {
        self.chatID = chatID
        self.store = store
        self.limit = limit
        head = store.read(Head.self, at: "\(chatID)/head") ?? Head(first: 0, next: 0, seq: 0)
        entries = (head.first..<head.next).compactMap { ordinal in
            store.read(TranscriptEntry.self, at: "\(chatID)/\(ordinal)").map { (ordinal, $0) }
        }
        // An update writes only its entry: the counter is the newest of the entries'.
        head.seq = max(head.seq, entries.map(\.entry.seq).max() ?? 0)
    }

    /// The latest change counter.
    var seq: UInt64 { head.seq }

    /// The messages changed after `seq`, in the order of their changes: a page that
    /// keeps the largest counter it saw then misses nothing, even if cut off midway.
    func entries(after seq: UInt64) -> [TranscriptEntry] {
        entries.map(\.entry).filter { $0.seq > seq }.sorted { $0.seq < $1.seq }
    }

    func entry(withID id: String) -> TranscriptEntry? {
        entries.last { $0.entry.id == id }?.entry
    }

    /// Adds a message; `makeEntry` gets its ordinal (for bot ids). Returns it as stored.
    @discardableResult
    func append(_ makeEntry: (_ ordinal: UInt64) -> TranscriptEntry) -> TranscriptEntry {
        var entry = makeEntry(head.next)
        head.seq += 1
        entry.seq = head.seq
        entries.append((head.next, entry))
        store.write(entry, at: "\(chatID)/\(head.next)")
        head.next += 1
        while entries.count > limit {
            store.remove("\(chatID)/\(entries.removeFirst().ordinal)")
        }
        head.first = entries.first?.ordinal ?? head.next
        store.write(head, at: "\(chatID)/head")
        return entry
    }

    /// Changes a message; nil when it is unknown (or dropped as too old).
    @discardableResult
    func update(_ id: String, _ change: (inout TranscriptEntry) -> Void) -> TranscriptEntry? {
        guard let index = entries.lastIndex(where: { $0.entry.id == id }) else { return nil }
        var entry = entries[index].entry
        change(&entry)
        guard entry != entries[index].entry else { return entry }
        head.seq += 1
        entry.seq = head.seq
        entries[index].entry = entry
        store.write(entry, at: "\(chatID)/\(entries[index].ordinal)")
        return entry
    }
}

/// Transcript records in the channel's state (`switchboard.state/1`), as JSON. A failed
/// write is logged and the page keeps working from memory.
struct TranscriptStore {
    let host: ProviderHost

    func read<Record: Decodable>(_ type: Record.Type, at key: String) -> Record? {
        do {
            guard let text = try host.storedValue(for: "t/" + key) else { return nil }
            return try JSONDecoder().decode(Record.self, from: Data(text.utf8))
        } catch {
            host.log(.error, "transcript record \(key) cannot be read: \(error)")
            return nil
        }
    }

    func write(_ record: some Encodable, at key: String) {
        do {
            let data = try JSONEncoder().encode(record)
            try host.store(String(decoding: data, as: UTF8.self), for: "t/" + key)
        } catch {
            host.log(.error, "transcript record \(key) cannot be stored: \(error)")
        }
    }

    func remove(_ key: String) {
        do { try host.store(nil, for: "t/" + key) } catch { host.log(.error, "transcript record \(key) cannot be removed: \(error)") }
    }
}
