import CSwitchboardABI
import Synchronization

/// Operations handed to plugins and not yet completed.
///
/// The token a plugin gets with an operation is a number, not a pointer to host
/// memory, so a plugin that completes an operation twice, or late, costs a log line
/// rather than a crash.
final class PendingOperations<Outcome: Sendable>: Sendable {
    private struct Entry {
        let owner: ObjectIdentifier
        let resume: @Sendable (Outcome) -> Void
    }

    private let state = Mutex<(nextToken: UInt, entries: [UInt: Entry])>((1, [:]))

    /// Registers an operation of `owner`; the returned token goes to the plugin.
    func register(owner: ObjectIdentifier, resume: @escaping @Sendable (Outcome) -> Void) -> UnsafeMutableRawPointer {
        let token = state.withLock { state in
            let token = state.nextToken
            state.nextToken += 1
            state.entries[token] = Entry(owner: owner, resume: resume)
            return token
        }
        return UnsafeMutableRawPointer(bitPattern: token)!
    }

    /// Completes the operation behind `token`. Returns false for an unknown token.
    @discardableResult
    func complete(token: UnsafeMutableRawPointer?, with outcome: Outcome) -> Bool {
        guard let token else { return false }
        let entry = state.withLock { $0.entries.removeValue(forKey: UInt(bitPattern: token)) }
        entry?.resume(outcome)
        return entry != nil
    }

    /// Completes every operation of `owner` still pending with `outcome`; returns how many there were.
    func completeAll(owner: ObjectIdentifier, with outcome: Outcome) -> Int {
        let abandoned = state.withLock { state in
            let tokens = state.entries.filter { $0.value.owner == owner }.map(\.key)
            return tokens.compactMap { state.entries.removeValue(forKey: $0) }
        }
        for entry in abandoned { entry.resume(outcome) }
        return abandoned.count
    }
}

/// What a completed outbound operation produced: the platform's message id, or why not.
typealias SendOutcome = Result<String?, SendError>

/// Outbound operations (send, edit, stream) in flight in any plugin.
let pendingSends = PendingOperations<SendOutcome>()

/// The `sb_send_callback` given to plugins with every outbound operation. [any-thread]
let sendCompletionCallback: sb_send_callback = { token, result in
    let outcome: SendOutcome
    if let result, let copy = try? ABIStruct.copy(sb_send_result.self, from: result, requiredSize: ABI10.sendResultSize) {
        outcome = copy.code == SB_OK ? .success(String(borrowing: copy.message_id)) : .failure(SendError(copy))
    } else {
        outcome = .failure(SendError(code: .invalidArgument, message: "the plugin completed with a NULL or too small sb_send_result"))
    }
    if !pendingSends.complete(token: token, with: outcome) {
        PluginDiagnostics.logger.error("a plugin completed an unknown or already completed operation")
    }
}
