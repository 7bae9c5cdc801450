import CSwitchboardABI
import SwitchboardCore

/// A user mapper offered by a plugin's `switchboard.user-mapper/1` extension.
struct PluginUserMapper: UserMapper {
    /// How long a plugin may take to answer.
    static let timeout: Duration = .seconds(10)

    private let pluginID: String
    private let table: sb_user_mapper_extension

    /// The mapper of `plugin`, or nil when it offers none.
    init?(plugin: LoadedPlugin) {
        guard let raw = plugin.extensionTable(SB_USER_MAPPER_EXTENSION_ID),
              let table = try? ABIStruct.copy(sb_user_mapper_extension.self, from: raw, requiredSize: ABI10.userMapperExtensionSize),
              table.map != nil
        else { return nil }
        pluginID = plugin.info.id
        self.table = table
    }

    func map(_ identity: PlatformIdentity) async throws -> MappedUser? {
        var timer: Task<Void, any Error>?
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<MapOutcome, Never>) in
            let token = pendingMaps.register(owner: ObjectIdentifier(PluginUserMapperOwner.self)) { continuation.resume(returning: $0) }
            let pending = UncheckedSendable(value: token)
            timer = Task {
                try await Task.sleep(for: Self.timeout)
                pendingMaps.complete(token: pending.value, with: .failure(.init(description: "no answer within \(Self.timeout)")))
            }
            callMap(identity, token: token)
        }
        timer?.cancel()
        switch outcome {
        case var .success(user):
            if user?.authSource.isEmpty == true { user?.authSource = pluginID }
            return user
        case let .failure(failure):
            throw UserDirectory.MappingFailed(description: "plugin \(pluginID): \(failure.description)")
        }
    }

    private func callMap(_ identity: PlatformIdentity, token: UnsafeMutableRawPointer) {
        let arena = CStringArena()
        var raw = ABIStruct.sized(sb_identity.self)
        raw.platform = arena.copy(identity.platform)
        raw.channel_id = arena.copy(identity.channelID)
        raw.user_id = arena.copy(identity.userID)
        raw.display_name = arena.copy(identity.displayName)
        withExtendedLifetime(arena) {
            table.map!(&raw, mapCompletionCallback, token)
        }
    }
}

/// Why a mapper plugin gave no user.
struct MapFailure: Error, Sendable {
    let description: String
}

/// The user a mapper plugin named (an empty auth source: the plugin's id), or why not.
typealias MapOutcome = Result<MappedUser?, MapFailure>

/// Identity lookups in flight in mapper plugins.
let pendingMaps = PendingOperations<MapOutcome>()

private enum PluginUserMapperOwner {}

/// Wraps a value the compiler cannot prove Sendable but that is only passed along.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// The `sb_map_callback` given to mapper plugins. [any-thread]
private let mapCompletionCallback: sb_map_callback = { token, code, user, message in
    let outcome: MapOutcome
    switch code {
    case SB_OK, SB_ERR_NOT_FOUND:
        if code == SB_OK, let user,
           let copy = try? ABIStruct.copy(sb_mapped_user.self, from: user, requiredSize: ABI10.mappedUserSize),
           let username = String(borrowing: copy.username), !username.isEmpty {
            outcome = .success(MappedUser(
                username: username, email: String(borrowing: copy.email),
                displayName: String(borrowing: copy.display_name), authSource: String(borrowing: copy.auth_source) ?? ""
            ))
        } else if code == SB_OK, user != nil {
            outcome = .failure(MapFailure(description: "the mapped user has no username"))
        } else {
            outcome = .success(nil)
        }
    default:
        outcome = .failure(MapFailure(description: String(borrowing: message) ?? ResultCode(rawValue: code).description))
    }
    if !pendingMaps.complete(token: token, with: outcome) {
        PluginDiagnostics.logger.error("a mapper plugin answered an unknown, timed-out or already answered lookup")
    }
}
