import Foundation

/// A slash command a user sent.
enum Command: Equatable {
    case new, chat, task, `switch`, status, cancel, clear, help
    case bind(String?)
    case session(String?)
    case unknown(String)

    /// Every command, with a line of help, in the order /help lists them.
    static let catalog: [(name: String, help: String)] = [
        ("new", "start something new: a chat, a task, or continue a recent task"),
        ("chat", "switch to chat mode"),
        ("task", "switch to task mode and pick a task"),
        ("switch", "pick another task to work on"),
        ("bind", "<task> continue a task here, also one started in another chat"),
        ("status", "show the agent, mode, conversation and channel"),
        ("cancel", "leave the menu you are in"),
        ("clear", "clear the current conversation's context"),
        ("session", "[id] show or set the conversation this chat is bound to"),
        ("help", "this list"),
    ]

    /// The command in `text`, or nil when it is not one. Accepts `/name@botname args`.
    static func parse(_ text: String) -> Command? {
        guard text.hasPrefix("/"), text.count > 1 else { return nil }
        let parts = text.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let word = parts.first else { return nil }
        let name = word.split(separator: "@").first.map { $0.lowercased() } ?? ""
        let argument = parts.count > 1 ? String(parts[1]).trimmed.nilIfEmpty : nil
        switch name {
        case "new": return .new
        case "chat": return .chat
        case "task": return .task
        case "switch": return .switch
        case "status": return .status
        case "cancel": return .cancel
        case "clear": return .clear
        case "help", "start": return .help
        case "bind": return .bind(argument)
        case "session": return .session(argument)
        default: return .unknown(name)
        }
    }
}

extension StringProtocol {
    var trimmed: String { String(self).trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
