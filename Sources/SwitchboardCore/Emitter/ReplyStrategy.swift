/// How a reply is shown while the agent writes it.
public enum ReplyStrategy: String, Sendable, CaseIterable {
    /// The platform's own stream operations.
    case native
    /// Ephemeral draft previews, then a final message (private chats).
    case draft
    /// Chunks accumulating under one stable message id, without a placeholder.
    case append
    /// A placeholder, edited in place as text arrives.
    case edit
    /// Finished paragraphs sent as separate messages.
    case block
    /// One final message (chunked to the limit).
    case sync

    /// The best strategy the provider declared for a chat: native, then drafts (in
    /// private chats), then append, then edit; otherwise `fallback` (sync or block).
    /// Decided from the declarations alone, never from the platform's name.
    public static func best(for capabilities: ProviderCapabilities, chatType: ChatType, fallback: ReplyStrategy = .sync) -> ReplyStrategy {
        let modes = capabilities.streamingModes
        if modes.contains(.native) { return .native }
        if modes.contains(.draft), chatType == .private { return .draft }
        if modes.contains(.append) { return .append }
        if modes.contains(.edit) { return .edit }
        return fallback
    }
}
