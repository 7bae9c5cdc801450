#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SwitchboardProviderKit

/// A pretend platform for the loopback provider, kept in files so that it outlives
/// the host process (for crash tests and demos):
///
/// - `script`: JSON lines `{"id", "chat", "text"}`, the users' messages, delivered in
///   order with up to `window` of them awaiting the host's "stored" at once.
/// - `<journal>.cursor`: how many script lines from the start the host has stored, like
///   a polling offset: advanced only past lines the host said it stored. After a
///   restart every line from the cursor on is delivered again (the host answers
///   "duplicate" for those it already had).
/// - `journal`: JSON lines `{"key", "chat", "reply_to", "text"}`, every reply the
///   platform accepted. A reply whose idempotency key is already there is dropped, as
///   a platform with client nonces would.
final class ScriptedPlatform {
    struct Line: Codable {
        let id: String
        let chat: String
        let text: String
    }

    private struct Reply: Codable {
        let key: String
        let chat: String
        let reply_to: String
        let text: String
    }

    private let host: ProviderHost
    private let lines: [Line]
    private let journal: String
    /// Lines awaiting "stored" at most at once.
    private static let window = 25

    private var cursor: Int
    private var nextToDeliver = 0
    private var inFlight = 0
    /// Lines past the cursor the host has stored already.
    private var storedAhead: Set<Int> = []
    private var seenKeys: Set<String>
    private var answered: Set<String>
    private var running = false

    init(host: ProviderHost, script: String, journal: String) throws(ProviderError) {
        self.host = host
        self.journal = journal
        do {
            lines = try Self.jsonLines(of: script, as: Line.self)
            let replies = try Self.jsonLines(of: journal, as: Reply.self)
            seenKeys = Set(replies.map(\.key))
            answered = Set(replies.map(\.reply_to))
            let saved = (try? String(contentsOfFile: journal + ".cursor", encoding: .utf8)) ?? ""
            cursor = Int(saved.filter(\.isNumber)) ?? 0
        } catch {
            throw .invalidArgument("cannot read the script or journal: \(error)")
        }
    }

    func start() {
        running = true
        nextToDeliver = cursor
        storedAhead = []
        host.log(.info, "script: \(lines.count) messages, resuming at \(cursor), \(answered.count) answered")
        deliverMore()
    }

    func stop() {
        running = false
    }

    /// Accepts a reply; false when its idempotency key was accepted before.
    func accept(_ message: OutgoingMessage) -> Bool {
        let key = message.idempotencyKey ?? UUID().uuidString
        guard !seenKeys.contains(key) else {
            host.log(.notice, "platform dropped a repeated send (key \(key))")
            return false
        }
        seenKeys.insert(key)
        let reply = Reply(key: key, chat: message.chatID, reply_to: message.replyToID ?? "", text: message.text)
        append(reply)
        if let replyTo = message.replyToID, answered.insert(replyTo).inserted, answered.count == lines.count {
            host.log(.info, "script: all \(lines.count) messages answered")
        }
        return true
    }

    private func deliverMore() {
        while running, inFlight < Self.window, nextToDeliver < lines.count {
            deliver(nextToDeliver)
            nextToDeliver += 1
            inFlight += 1
        }
    }

    private func deliver(_ index: Int) {
        let line = lines[index]
        let message = IncomingMessage(messageID: line.id, chatID: line.chat, chatType: .private, senderID: line.chat, text: line.text)
        host.deliver(message) { [self] outcome in
            inFlight -= 1
            switch outcome {
            case .stored, .duplicate:
                storedAhead.insert(index)
                let before = cursor
                while storedAhead.remove(cursor) != nil { cursor += 1 }
                if cursor != before {
                    try? "\(cursor)\n".write(toFile: journal + ".cursor", atomically: true, encoding: .utf8)
                    if cursor / 100 != before / 100 { host.log(.info, "script: delivered \(cursor / 100 * 100) of \(lines.count)") }
                }
                deliverMore()
            case let .rejected(_, reason):
                host.log(.warning, "script: message \(line.id) not stored (\(reason ?? "no reason")); it is delivered again on the next start")
            }
        }
    }

    /// Appends one JSON line with a single write, so a crash leaves whole lines or a
    /// torn last line (which reading skips).
    private func append(_ reply: Reply) {
        guard let data = try? JSONEncoder().encode(reply) else { return }
        let descriptor = open(journal, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(data) + [0x0A]
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    private static func jsonLines<T: Decodable>(of file: String, as type: T.Type) throws -> [T] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(T.self, from: Data($0.utf8)) }
    }
}
