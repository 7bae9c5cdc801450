import CSwitchboardABI

// Optional provider features. A provider type that adopts one of these protocols gets
// the matching ABI table offered to the host without writing any C; declare the
// matching capability in the manifest (SB_STREAM_EDIT, SB_FEATURE_TYPING, or a stream
// mode) so the host uses it.

/// Edits sent messages in place (`switchboard.edit/1`, for `SB_STREAM_EDIT`).
public protocol EditingProvider: Provider {
    /// Replaces the text of a sent message; unchanged text fails with
    /// `SB_ERR_NOT_MODIFIED`. [instance-executor]
    func edit(_ edit: MessageEdit, completion: SendCompletion)
}

/// Shows that the bot is typing (`switchboard.typing/1`, for `SB_FEATURE_TYPING`).
public protocol TypingProvider: Provider {
    /// Shows the indicator; the host repeats the call while the agent works. [instance-executor]
    func showTyping(inChat chatID: String, threadID: String?, completion: SendCompletion)
}

/// Streams replies while the agent writes them (`switchboard.stream/1`, for
/// `SB_STREAM_DRAFT`, `SB_STREAM_NATIVE` or `SB_STREAM_APPEND`).
public protocol StreamingProvider: Provider {
    /// Opens a stream for a reply to `target` (its text is empty); succeed with the
    /// stream's id. [instance-executor]
    func beginStream(for target: OutgoingMessage, completion: SendCompletion)
    /// Shows more of the reply. [instance-executor]
    func updateStream(_ streamID: String, with update: StreamUpdate, completion: SendCompletion)
    /// Closes the stream with its final text; `failed` when the reply failed and should
    /// show as failed. Succeed with the id of the final message. [instance-executor]
    func finishStream(_ streamID: String, with update: StreamUpdate, failed: Bool, completion: SendCompletion)
}

/// The new text of a sent message.
public struct MessageEdit: Sendable {
    public var chatID: String
    public var messageID: String
    public var text: String
    public var isMarkdown: Bool
    public var threadID: String?
}

/// The state of a streamed reply.
public struct StreamUpdate: Sendable {
    /// All text of the reply so far.
    public var fullText: String
    /// The text added since the previous update.
    public var delta: String
    public var isMarkdown: Bool
    /// Progress to show with the stream, if any ("analyzing the issue").
    public var status: String?

    init(_ raw: sb_stream_update) {
        fullText = raw.full_text.map { String(cString: $0) } ?? ""
        delta = raw.delta.map { String(cString: $0) } ?? ""
        isMarkdown = raw.format == SB_FORMAT_MARKDOWN
        status = raw.status.map { String(cString: $0) }
    }
}

enum ProviderFeatureTables {
    /// The kit's table for `extensionID` when `Instance` adopts the matching protocol.
    static func table<Instance: Provider>(_ extensionID: String, for instance: Instance.Type) -> UnsafeRawPointer? {
        switch extensionID {
        case SB_EDIT_EXTENSION_ID where Instance.self is any EditingProvider.Type: editTable.pointer
        case SB_TYPING_EXTENSION_ID where Instance.self is any TypingProvider.Type: typingTable.pointer
        case SB_STREAM_EXTENSION_ID where Instance.self is any StreamingProvider.Type: streamTable.pointer
        default: nil
        }
    }

    private static let editTable = PermanentTable(sb_edit_extension(
        struct_size: UInt32(MemoryLayout<sb_edit_extension>.size),
        edit: { handle, request, done, token in
            guard let completion = SendCompletion(callback: done, token: token) else { return }
            guard let provider: any EditingProvider = PluginEntry.feature(handle),
                  let raw = request.flatMap({ HostStructs.read(sb_edit_request.self, from: $0, requiredSize: HostStructs.end(of: \sb_edit_request.thread_id)) }),
                  let chatID = raw.chat_id, let messageID = raw.message_id, let text = raw.text
            else { return completion.fail(.invalidArgument("edit called without an instance or a complete request")) }
            provider.edit(MessageEdit(
                chatID: String(cString: chatID), messageID: String(cString: messageID), text: String(cString: text),
                isMarkdown: raw.format == SB_FORMAT_MARKDOWN, threadID: raw.thread_id.map { String(cString: $0) }
            ), completion: completion)
        }
    ))

    private static let typingTable = PermanentTable(sb_typing_extension(
        struct_size: UInt32(MemoryLayout<sb_typing_extension>.size),
        set_typing: { handle, chatID, threadID, done, token in
            guard let completion = SendCompletion(callback: done, token: token) else { return }
            guard let provider: any TypingProvider = PluginEntry.feature(handle), let chatID else {
                return completion.fail(.invalidArgument("set_typing called without an instance or a chat"))
            }
            provider.showTyping(inChat: String(cString: chatID), threadID: threadID.map { String(cString: $0) }, completion: completion)
        }
    ))

    private static let streamTable = PermanentTable(sb_stream_extension(
        struct_size: UInt32(MemoryLayout<sb_stream_extension>.size),
        begin: { handle, target, done, token in
            guard let completion = SendCompletion(callback: done, token: token) else { return }
            guard let provider: any StreamingProvider = PluginEntry.feature(handle),
                  let raw = target.flatMap({ HostStructs.read(sb_outbound_message.self, from: $0, requiredSize: OutgoingMessage.requiredSize) })
            else { return completion.fail(.invalidArgument("begin called without an instance or a complete target")) }
            provider.beginStream(for: OutgoingMessage(raw), completion: completion)
        },
        update: { handle, streamID, update, done, token in
            guard let completion = SendCompletion(callback: done, token: token) else { return }
            guard let provider: any StreamingProvider = PluginEntry.feature(handle), let streamID, let update = readUpdate(update) else {
                return completion.fail(.invalidArgument("update called without an instance, a stream id or a complete update"))
            }
            provider.updateStream(String(cString: streamID), with: update, completion: completion)
        },
        finish: { handle, streamID, update, outcome, done, token in
            guard let completion = SendCompletion(callback: done, token: token) else { return }
            guard let provider: any StreamingProvider = PluginEntry.feature(handle), let streamID, let update = readUpdate(update) else {
                return completion.fail(.invalidArgument("finish called without an instance, a stream id or a complete update"))
            }
            provider.finishStream(String(cString: streamID), with: update, failed: outcome != SB_OK, completion: completion)
        }
    ))

    private static func readUpdate(_ pointer: UnsafePointer<sb_stream_update>?) -> StreamUpdate? {
        pointer.flatMap { HostStructs.read(sb_stream_update.self, from: $0, requiredSize: HostStructs.end(of: \sb_stream_update.format)) }
            .map(StreamUpdate.init)
    }
}
