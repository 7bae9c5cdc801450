import Foundation
import SwitchboardStore

/// Runs slash commands and answers to numbered menus, inside one store transaction,
/// so a command's effect and its reply are stored together.
struct CommandHandler: Sendable {
    /// How long a numbered menu waits for an answer.
    static let selectionLifetime: TimeInterval = 15 * 60
    /// How many recent tasks a menu offers.
    static let recentTasks = 5

    /// Who sent what, where.
    struct Input {
        let message: InboundMessage
        let user: UserRecord
        let profile: ChannelProfile
        let contextKey: String
    }

    /// The replies to a command or a menu answer; nil when the message is neither, and
    /// goes to the agent.
    func handle(_ input: Input, in transaction: StoreTransaction) throws -> [String]? {
        let text = input.message.text.trimmed
        var context = try transaction.chatContext(input.contextKey)
        let replies: [String]
        if let command = Command.parse(text) {
            if input.message.chatType == .group, !input.profile.access.groupCommands {
                return ["Commands work in a private chat with me."]
            }
            replies = try run(command, input, &context, transaction)
        } else if let selection = context.selection, selection.expiresAt > transaction.now, let number = Int(text) {
            replies = try answer(selection, with: number, input, &context, transaction)
        } else {
            return nil
        }
        try transaction.saveChatContext(context, for: input.contextKey)
        return replies
    }

    // MARK: Commands

    private func run(_ command: Command, _ input: Input, _ context: inout ChatContext, _ transaction: StoreTransaction) throws -> [String] {
        let user = input.user
        switch command {
        case .help:
            return ["Commands:\n" + Command.catalog.map { "/\($0.name) \($0.help)" }.joined(separator: "\n")]
        case .new:
            let tasks = try transaction.recentConversations(userID: user.id, mode: .task, limit: Self.recentTasks)
            return [offer(kind: "new", title: "Start something new:",
                          choices: [("new-chat", "New chat"), ("new-task", "New task")]
                              + tasks.map { ("conversation:\($0.id)", "Continue task \($0.label)") },
                          in: &context, transaction)]
        case .chat:
            context.selection = nil
            let bound = try context.conversationID.flatMap { try transaction.conversation($0) }.flatMap { $0.mode == .chat ? $0 : nil }
            let current = try bound ?? transaction.recentConversations(userID: user.id, mode: .chat, limit: 1).first
            if let current, !isIdle(current, input, transaction) {
                try bind(current, &context, transaction)
                return ["Chat mode. Continuing \(current.label)."]
            }
            let fresh = try transaction.startConversation(.chat, for: user, channelID: input.profile.channelID, in: &context)
            return ["Chat mode: started a new conversation, \(fresh.label)."]
        case .task:
            let tasks = try transaction.recentConversations(userID: user.id, mode: .task, limit: Self.recentTasks)
            guard !tasks.isEmpty else {
                context.selection = nil
                let task = try transaction.startConversation(.task, for: user, channelID: input.profile.channelID, in: &context)
                return ["Task mode: started task \(task.label). Tell me what to do."]
            }
            return [offer(kind: "task", title: "Task mode. Pick a task:",
                          choices: [("new-task", "New task")] + tasks.map { ("conversation:\($0.id)", "Task \($0.label)") },
                          in: &context, transaction)]
        case .switch:
            let tasks = try transaction.recentConversations(userID: user.id, mode: .task, limit: Self.recentTasks + 1)
                .filter { $0.id != context.conversationID }.prefix(Self.recentTasks)
            guard !tasks.isEmpty else { return ["You have no other tasks. Send /task to start one."] }
            return [offer(kind: "switch", title: "Switch to which task?",
                          choices: tasks.map { ("conversation:\($0.id)", "Task \($0.label)") }, in: &context, transaction)]
        case let .bind(argument):
            guard let argument else {
                let tasks = try transaction.recentConversations(userID: user.id, mode: .task, limit: Self.recentTasks)
                let list = tasks.isEmpty ? "You have no tasks yet." : "Your tasks: " + tasks.map(\.label).joined(separator: ", ") + "."
                return ["Send /bind followed by a task number, e.g. /bind 12. \(list)"]
            }
            guard let task = try transaction.ownConversation(argument, of: user), task.mode == .task else {
                return ["You have no task \(argument). Send /task to see your tasks."]
            }
            context.selection = nil
            try bind(task, &context, transaction)
            let origin = task.originChannelID == input.profile.channelID ? "" : " (started on channel \(task.originChannelID))"
            return ["This chat now continues task \(task.label)\(origin)."]
        case .status:
            let current = try context.conversationID.flatMap { try transaction.conversation($0) }
            let conversation = try current.map { "\($0.label), \(try transaction.messageCount(of: $0.id)) messages" } ?? "none yet"
            return ["""
                Agent: \(input.profile.agentName)
                Mode: \(context.mode.rawValue)
                Conversation: \(conversation)
                Channel: \(input.profile.channelID) (\(input.profile.platform))
                """]
        case .cancel:
            guard context.selection != nil else { return ["Nothing to cancel."] }
            context.selection = nil
            return ["Cancelled."]
        case .clear:
            guard let id = context.conversationID, let current = try transaction.conversation(id) else {
                return ["Nothing to clear yet."]
            }
            try transaction.clearContext(of: id)
            return ["Cleared: the agent starts afresh in \(current.label). Its history stays stored."]
        case let .session(argument):
            guard let argument else {
                let current = try context.conversationID.flatMap { try transaction.conversation($0) }
                return [current.map { "This chat is bound to \($0.label) (\($0.mode.rawValue))." }
                        ?? "This chat is not bound to a conversation yet; your next message starts one."]
            }
            guard let conversation = try transaction.ownConversation(argument, of: user) else {
                return ["You have no conversation \(argument)."]
            }
            context.selection = nil
            try bind(conversation, &context, transaction)
            return ["This chat is now bound to \(conversation.label) (\(conversation.mode.rawValue))."]
        case let .unknown(name):
            let names = Command.catalog.map(\.name)
            let guess = names.min { editDistance(name, $0) < editDistance(name, $1) }.flatMap { editDistance(name, $0) <= 2 ? $0 : nil }
            return ["Unknown command /\(name).\(guess.map { " Did you mean /\($0)?" } ?? "") Send /help for the list."]
        }
    }

    // MARK: Menus

    /// Shows a numbered menu and waits for the answer.
    private func offer(kind: String, title: String, choices: [(option: String, label: String)],
                       in context: inout ChatContext, _ transaction: StoreTransaction) -> String {
        context.selection = ChatContext.Selection(
            kind: kind, options: choices.map(\.option), expiresAt: transaction.now.addingTimeInterval(Self.selectionLifetime)
        )
        let lines = choices.enumerated().map { "\($0.offset + 1). \($0.element.label)" }
        return ([title] + lines + ["Reply with a number, or /cancel."]).joined(separator: "\n")
    }

    private func answer(_ selection: ChatContext.Selection, with number: Int, _ input: Input,
                        _ context: inout ChatContext, _ transaction: StoreTransaction) throws -> [String] {
        guard selection.options.indices.contains(number - 1) else {
            return ["Please answer with a number from 1 to \(selection.options.count), or /cancel."]
        }
        context.selection = nil
        let option = selection.options[number - 1]
        switch option {
        case "new-chat":
            let chat = try transaction.startConversation(.chat, for: input.user, channelID: input.profile.channelID, in: &context)
            return ["Started a new chat, \(chat.label)."]
        case "new-task":
            let task = try transaction.startConversation(.task, for: input.user, channelID: input.profile.channelID, in: &context)
            return ["Started task \(task.label). Tell me what to do."]
        default:
            let id = option.split(separator: ":").last.map(String.init) ?? ""
            guard let conversation = try transaction.ownConversation(id, of: input.user) else {
                return ["That conversation no longer exists."]
            }
            try bind(conversation, &context, transaction)
            return ["Continuing \(conversation.mode == .task ? "task " : "")\(conversation.label)."]
        }
    }

    /// Binds the chat to a conversation, which counts as activity (so an old chat is not
    /// replaced for being idle the moment it is picked).
    private func bind(_ conversation: ConversationRecord, _ context: inout ChatContext, _ transaction: StoreTransaction) throws {
        context.conversationID = conversation.id
        context.mode = conversation.mode
        try transaction.touch(conversation.id)
    }

    private func isIdle(_ conversation: ConversationRecord, _ input: Input, _ transaction: StoreTransaction) -> Bool {
        guard let timeout = input.profile.conversation.idleTimeout else { return false }
        return conversation.isIdle(at: transaction.now, timeout: timeout)
    }
}

/// The Levenshtein distance between two short strings.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
