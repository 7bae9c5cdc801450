import CSwitchboardABI
import SwitchboardCore

/// A failure of create() or start(), as the plugin described it.
struct ProviderFailure: Error, Sendable, CustomStringConvertible {
    let code: ResultCode
    let message: String

    var description: String { message }
}

/// One live instance of a plugin: the raw ABI calls, made safe to use from Swift.
///
/// Not thread-safe by design: its owner, the `Channel` actor, runs on the instance's
/// executor, so every call below happens there (DESIGN.md, ABI rule 7).
final class ProviderInstance {
    let plugin: LoadedPlugin
    let bridge: HostBridge
    let handle: OpaquePointer

    private init(plugin: LoadedPlugin, bridge: HostBridge, handle: OpaquePointer) {
        self.plugin = plugin
        self.bridge = bridge
        self.handle = handle
    }

    /// Calls the plugin's `create()` with the channel's validated settings.
    static func create(plugin: LoadedPlugin, bridge: HostBridge, settingsJSON: String) throws(ProviderFailure) -> ProviderInstance {
        var handle: OpaquePointer?
        var error = ABIStruct.sized(sb_error.self)
        let code = settingsJSON.withCString { settings in
            plugin.descriptor.create!(bridge.hostTable, settings, &handle, &error)
        }
        guard code == SB_OK else {
            throw ProviderFailure(code: ResultCode(rawValue: code), message: "create failed: \(error.summary)")
        }
        guard let handle else {
            throw ProviderFailure(code: .internal, message: "create returned SB_OK but no instance")
        }
        return ProviderInstance(plugin: plugin, bridge: bridge, handle: handle)
    }

    /// Calls `start()`; when it fails, calls `stop()` too, as the header promises.
    func start() throws(ProviderFailure) {
        bridge.beginRun()
        var error = ABIStruct.sized(sb_error.self)
        let code = plugin.descriptor.start!(handle, &error)
        guard code == SB_OK else {
            stop()
            throw ProviderFailure(code: ResultCode(rawValue: code), message: "start failed: \(error.summary)")
        }
    }

    func stop() {
        bridge.endRun()
        plugin.descriptor.stop!(handle)
        let abandoned = pendingSends.completeAll(
            owner: ObjectIdentifier(self),
            with: .failure(SendError(code: .shuttingDown, message: "the plugin stopped without completing the operation"))
        )
        if abandoned > 0 {
            bridge.logger.error("plugin \(plugin.info.id) stopped with \(abandoned) operation(s) incomplete; the ABI requires completing them in stop()")
        }
    }

    /// Calls `destroy()`. The instance must not be used afterwards.
    func destroy() {
        plugin.descriptor.destroy!(handle)
    }

    /// Sends a message; returns the platform's id of the sent message, if it gave one.
    func send(_ message: OutboundMessage, isolation: isolated any Actor) async throws(SendError) -> String? {
        let arena = CStringArena()
        var outbound = Self.outbound(message, arena: arena)
        return try await operation(isolation: isolation) { token in
            withExtendedLifetime(arena) { plugin.descriptor.send!(handle, &outbound, sendCompletionCallback, token) }
        }
    }

    /// Replaces the text of a sent message (`switchboard.edit/1`).
    func edit(messageID: String, chatID: String, threadID: String?, text: String, format: TextFormat,
              isolation: isolated any Actor) async throws(SendError) {
        guard let edit = plugin.editExtension?.edit else { throw unsupported(SB_EDIT_EXTENSION_ID) }
        let arena = CStringArena()
        var request = ABIStruct.sized(sb_edit_request.self)
        request.chat_id = arena.copy(chatID)
        request.message_id = arena.copy(messageID)
        request.text = arena.copy(text)
        request.format = Self.abiFormat(format)
        request.thread_id = arena.copy(threadID)
        _ = try await operation(isolation: isolation) { token in
            withExtendedLifetime(arena) { edit(handle, &request, sendCompletionCallback, token) }
        }
    }

    /// Shows the typing indicator (`switchboard.typing/1`).
    func showTyping(chatID: String, threadID: String?, isolation: isolated any Actor) async throws(SendError) {
        guard let setTyping = plugin.typingExtension?.set_typing else { throw unsupported(SB_TYPING_EXTENSION_ID) }
        let arena = CStringArena()
        _ = try await operation(isolation: isolation) { token in
            withExtendedLifetime(arena) {
                setTyping(handle, arena.copy(chatID), arena.copy(threadID), sendCompletionCallback, token)
            }
        }
    }

    /// Opens a streamed reply (`switchboard.stream/1`); returns the stream id.
    func beginStream(_ target: OutboundMessage, isolation: isolated any Actor) async throws(SendError) -> String {
        guard let begin = plugin.streamExtension?.begin else { throw unsupported(SB_STREAM_EXTENSION_ID) }
        let arena = CStringArena()
        var outbound = Self.outbound(target, arena: arena)
        let id = try await operation(isolation: isolation) { token in
            withExtendedLifetime(arena) { begin(handle, &outbound, sendCompletionCallback, token) }
        }
        guard let id else { throw SendError(code: .internal, message: "the plugin opened a stream without an id") }
        return id
    }

    /// Shows more of a streamed reply.
    func updateStream(_ streamID: String, fullText: String, delta: String, status: String?, format: TextFormat,
                      isolation: isolated any Actor) async throws(SendError) {
        guard let update = plugin.streamExtension?.update else { throw unsupported(SB_STREAM_EXTENSION_ID) }
        let arena = CStringArena()
        var content = Self.streamUpdate(fullText: fullText, delta: delta, format: format, arena: arena)
        content.status = arena.copy(status)
        _ = try await operation(isolation: isolation) { token in
            withExtendedLifetime(arena) { update(handle, arena.copy(streamID), &content, sendCompletionCallback, token) }
        }
    }

    /// Closes a streamed reply; returns the final message's id.
    func finishStream(_ streamID: String, finalText: String, failed: Bool, format: TextFormat,
                      isolation: isolated any Actor) async throws(SendError) -> String? {
        guard let finish = plugin.streamExtension?.finish else { throw unsupported(SB_STREAM_EXTENSION_ID) }
        let arena = CStringArena()
        var content = Self.streamUpdate(fullText: finalText, delta: "", format: format, arena: arena)
        let outcome = failed ? SB_ERR_INTERNAL : SB_OK
        return try await operation(isolation: isolation) { token in
            withExtendedLifetime(arena) { finish(handle, arena.copy(streamID), &content, outcome, sendCompletionCallback, token) }
        }
    }

    /// Starts one outbound operation with a fresh token and waits for its completion.
    private func operation(isolation: isolated any Actor, _ start: (UnsafeMutableRawPointer) -> Void) async throws(SendError) -> String? {
        let outcome = await withCheckedContinuation(isolation: isolation) { (continuation: CheckedContinuation<SendOutcome, Never>) in
            start(pendingSends.register(owner: ObjectIdentifier(self)) { continuation.resume(returning: $0) })
        }
        return try outcome.get()
    }

    private func unsupported(_ extensionID: String) -> SendError {
        SendError(code: .unsupported, message: "\(plugin.info.id) does not offer \(extensionID)")
    }

    private static func outbound(_ message: OutboundMessage, arena: CStringArena) -> sb_outbound_message {
        var outbound = ABIStruct.sized(sb_outbound_message.self)
        outbound.chat_id = arena.copy(message.chatID)
        outbound.chat_type = message.chatType == .private ? SB_CHAT_PRIVATE : SB_CHAT_GROUP
        outbound.text = arena.copy(message.text)
        outbound.format = abiFormat(message.format)
        outbound.reply_to_id = arena.copy(message.replyToID)
        outbound.thread_id = arena.copy(message.threadID)
        outbound.idempotency_key = arena.copy(message.idempotencyKey)
        return outbound
    }

    private static func streamUpdate(fullText: String, delta: String, format: TextFormat, arena: CStringArena) -> sb_stream_update {
        var update = ABIStruct.sized(sb_stream_update.self)
        update.full_text = arena.copy(fullText)
        update.delta = arena.copy(delta)
        update.format = abiFormat(format)
        return update
    }

    private static func abiFormat(_ format: TextFormat) -> Int32 {
        format == .markdown ? SB_FORMAT_MARKDOWN : SB_FORMAT_PLAIN
    }
}
