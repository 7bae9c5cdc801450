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
/// - `script`: JSON lines `{"id", "chat", "text"}`, the users' messages, delivered one
///   at a time; the next goes out once the host has stored the previous one.
/// - `<journal>.cursor`: how many script lines the host has stored, like a polling
///   offset: advanced only after the host said "stored".
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
    private var cursor: Int
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
        host.log(.info, "script: \(lines.count) messages, resuming at \(cursor), \(answered.count) answered")
        deliverNext()
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

    private func deliverNext() {
        guard running, cursor < lines.count else { return }
        let line = lines[cursor]
        let message = IncomingMessage(messageID: line.id, chatID: line.chat, chatType: .private, senderID: line.chat, text: line.text)
        host.deliver(message) { [self] outcome in
            switch outcome {
            case .stored, .duplicate:
                cursor += 1
                try? "\(cursor)\n".write(toFile: journal + ".cursor", atomically: true, encoding: .utf8)
                if cursor % 100 == 0 { host.log(.info, "script: delivered \(cursor) of \(lines.count)") }
                deliverNext()
            case let .rejected(_, reason):
                host.log(.warning, "script: message \(line.id) not stored (\(reason ?? "no reason")); will retry on the next start")
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
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }
}
