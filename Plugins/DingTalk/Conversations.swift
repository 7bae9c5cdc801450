import SwitchboardProviderKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the channel knows of each conversation that wrote to the robot: enough to
/// answer there later. Its kind and user are kept in the channel's state, so replies
/// still find their way after a restart; the session webhook, new with every message,
/// only in memory. Lives on the instance's executor.
final class Conversations {
    /// How to reach one conversation.
    struct Route: Codable, Equatable {
        var isGroup: Bool
        /// The staff id of the user of a single chat (robot API and card spaces).
        var staffID: String?
        /// The newest message's session webhook and when it expires (Unix ms); not stored.
        var sessionWebhook: String?
        var sessionWebhookExpiry: Int64?

        enum CodingKeys: CodingKey {
            case isGroup, staffID
        }

        /// The session webhook, unless it expires within `margin` milliseconds.
        func sessionWebhook(validAt now: Int64, margin: Int64 = 60_000) -> String? {
            guard let sessionWebhook, let sessionWebhookExpiry, sessionWebhookExpiry - margin > now else { return nil }
            return sessionWebhook
        }
    }

    private let host: ProviderHost
    private var routes: [String: Route] = [:]

    init(host: ProviderHost) {
        self.host = host
    }

    /// Remembers how to answer the conversation `message` came from.
    func learn(from message: RobotMessage) {
        let learned = Route(isGroup: message.isGroup, staffID: message.isGroup ? nil : message.senderStaffId,
                            sessionWebhook: message.sessionWebhook, sessionWebhookExpiry: message.sessionWebhookExpiredTime)
        let known = route(to: message.conversationId)
        routes[message.conversationId] = learned
        if known?.isGroup != learned.isGroup || known?.staffID != learned.staffID { save(learned, for: message.conversationId) }
    }

    /// How to reach `conversationID`, or nil when it never wrote to the robot.
    func route(to conversationID: String) -> Route? {
        if let route = routes[conversationID] { return route }
        guard let stored = try? host.storedValue(for: Self.key(conversationID)),
              let route = try? JSONDecoder().decode(Route.self, from: Data(stored.utf8)) else { return nil }
        routes[conversationID] = route
        return route
    }

    /// Forgets the session webhook of `conversationID`: DingTalk no longer takes it.
    func dropSessionWebhook(of conversationID: String) {
        routes[conversationID]?.sessionWebhook = nil
        routes[conversationID]?.sessionWebhookExpiry = nil
    }

    private func save(_ route: Route, for conversationID: String) {
        do {
            let json = String(decoding: try JSONEncoder().encode(route), as: UTF8.self)
            try host.store(json, for: Self.key(conversationID))
        } catch {
            host.log(.warning, "cannot keep the reply route of conversation \(conversationID): \(error)")
        }
    }

    private static func key(_ conversationID: String) -> String { "conversation/" + conversationID }
}
