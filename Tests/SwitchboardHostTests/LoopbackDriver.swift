import CSwitchboardABI
import Foundation
@testable import SwitchboardHost

/// A message a loopback provider was asked to send.
struct SentMessage: Sendable, Equatable {
    let chatID: String
    let text: String
}

/// Drives a channel on a loopback provider (Swift or C) through the
/// `switchboard.loopback/1` extension: injects user messages, watches replies.
struct LoopbackDriver {
    let channel: Channel

    init(_ channels: ChannelManager, channel channelID: String) async throws {
        channel = try await channels.channel(channelID)
    }

    /// Every message the host sends through the channel from now on.
    func sentMessages() async throws -> AsyncStream<SentMessage> {
        let (stream, continuation) = AsyncStream.makeStream(of: SentMessage.self)
        nonisolated(unsafe) let context = Unmanaged.passRetained(ObserverBox(continuation)).toOpaque()
        let installed = await channel.withInstance { handle, plugin in
            guard let table = loopbackTable(plugin) else { return false }
            table.pointee.observe(handle, observerCallback, context)
            return true
        }
        guard installed == true else { throw TestFailure("channel \(channel.id) has no loopback instance") }
        return stream
    }

    /// Delivers a user message through the provider; returns the host's answer code.
    func inject(
        id messageID: String, chat chatID: String, text: String, group: Bool = false,
        sender: String? = nil, mentionsBot: Bool = false
    ) async -> Int32 {
        let senderID = sender ?? chatID
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            nonisolated(unsafe) let box = Unmanaged.passRetained(OutcomeBox(continuation)).toOpaque()
            Task {
                let injected = await channel.withInstance { handle, plugin in
                    guard let table = loopbackTable(plugin) else { return false }
                    withInboundMessage(id: messageID, chat: chatID, text: text, sender: senderID, group: group, mentionsBot: mentionsBot) {
                        table.pointee.inject(handle, $0, storedCallback, box)
                    }
                    return true
                }
                if injected != true {
                    Unmanaged<OutcomeBox>.fromOpaque(box).takeRetainedValue().continuation.resume(returning: -1)
                }
            }
        }
    }
}

private func loopbackTable(_ plugin: LoadedPlugin) -> UnsafePointer<sb_loopback_extension>? {
    plugin.extensionTable(SB_LOOPBACK_EXTENSION_ID)?.assumingMemoryBound(to: sb_loopback_extension.self)
}

private final class ObserverBox {
    let continuation: AsyncStream<SentMessage>.Continuation
    init(_ continuation: AsyncStream<SentMessage>.Continuation) { self.continuation = continuation }
}

private final class OutcomeBox {
    let continuation: CheckedContinuation<Int32, Never>
    init(_ continuation: CheckedContinuation<Int32, Never>) { self.continuation = continuation }
}

private let observerCallback: sb_loopback_observer = { context, message in
    guard let context, let message else { return }
    let box = Unmanaged<ObserverBox>.fromOpaque(context).takeUnretainedValue()
    box.continuation.yield(SentMessage(chatID: String(cString: message.pointee.chat_id), text: String(cString: message.pointee.text)))
}

private let storedCallback: sb_deliver_callback = { userData, code, _ in
    guard let userData else { return }
    Unmanaged<OutcomeBox>.fromOpaque(userData).takeRetainedValue().continuation.resume(returning: code)
}
