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
        var outbound = ABIStruct.sized(sb_outbound_message.self)
        outbound.chat_id = arena.copy(message.chatID)
        outbound.chat_type = message.chatType == .private ? SB_CHAT_PRIVATE : SB_CHAT_GROUP
        outbound.text = arena.copy(message.text)
        outbound.format = message.format == .markdown ? SB_FORMAT_MARKDOWN : SB_FORMAT_PLAIN
        outbound.reply_to_id = arena.copy(message.replyToID)
        outbound.thread_id = arena.copy(message.threadID)
        outbound.idempotency_key = arena.copy(message.idempotencyKey)
        let outcome = await withCheckedContinuation(isolation: isolation) { (continuation: CheckedContinuation<SendOutcome, Never>) in
            let token = pendingSends.register(owner: ObjectIdentifier(self)) { continuation.resume(returning: $0) }
            withExtendedLifetime(arena) {
                plugin.descriptor.send!(handle, &outbound, sendCompletionCallback, token)
            }
        }
        return try outcome.get()
    }
}
