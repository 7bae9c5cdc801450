import Foundation
import SwitchboardConfig
import SwitchboardStore

/// Decides whether a message gets an answer: group mention rules, private-chat
/// allowlists and pairing, and the per-user rate limit.
struct AccessGate: Sendable {
    enum Decision: Equatable {
        case admit
        /// Not for the bot (a group message that does not mention it); no answer.
        case ignore
        /// Turned away with this explanation.
        case refuse(String)
    }

    let store: Store
    let rateLimiter = RateLimiter()

    /// - Parameter receivedAt: when the host stored the message; rate limits count that time.
    /// Whether a message is meant for the bot at all: private messages always; group
    /// messages as the channel's group policy says.
    static func isAddressed(_ message: InboundMessage, access: AccessSettings) -> Bool {
        guard message.chatType == .group else { return true }
        switch access.groups {
        case .off: return false
        case .mention: return message.mentionsBot
        case .all: return true
        }
    }

    func check(_ message: InboundMessage, profile: ChannelProfile, receivedAt: Date) async throws -> Decision {
        let access = profile.access
        guard Self.isAddressed(message, access: access) else { return .ignore }
        if let refusal = try await senderRefusal(message, access: access) { return .refuse(refusal) }
        guard let limit = access.rateLimit else { return .admit }
        switch rateLimiter.check("\(message.channelID)\u{1F}\(message.senderID)", limit: limit, window: access.rateWindow, now: receivedAt) {
        case .allow: return .admit
        case .warn:
            return .refuse("You are sending messages faster than I can answer (at most \(limit) every \(access.rateWindow.components.seconds) s). Please wait a moment.")
        case .drop: return .ignore
        }
    }

    /// Why the sender may not use the bot, in private chats and groups alike; nil when they may.
    private func senderRefusal(_ message: InboundMessage, access: AccessSettings) async throws -> String? {
        switch access.privateChats {
        case .open:
            return nil
        case .allowlist:
            guard !access.allowlist.contains(message.senderID) else { return nil }
            return "Sorry, this bot only talks to people on its allowlist. Your user id is \(message.senderID); ask the bot's operator to add it."
        case .pairing:
            let channelID = message.channelID, senderID = message.senderID, senderName = message.senderName
            let inGroup = message.chatType == .group
            return try await store.write { transaction -> String? in
                let request = try transaction.pairingRequest(channelID: channelID, platformUserID: senderID)
                if request?.approved == true { return nil }
                if inGroup {
                    // A code shown in a group could be used by anyone there.
                    return "I need my operator's approval before I can answer you. Message me privately to get a pairing code."
                }
                if let request {
                    return "Your request is still waiting for the operator's approval. Your pairing code is \(request.code)."
                }
                let created = try transaction.createPairingRequest(channelID: channelID, platformUserID: senderID, displayName: senderName)
                return "This bot needs its operator's approval before it can talk to you. Your pairing code is \(created.code); send it to the operator."
            }
        }
    }
}
