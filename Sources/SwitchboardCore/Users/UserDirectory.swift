public import SwitchboardStore
import Logging

/// Turns platform identities into users: looks up the link made on first contact, or
/// makes one, asking the configured mapper first.
///
/// The default mapping creates one user per identity: username = the platform user id
/// (prefixed with the platform when another platform's user already has that name),
/// email `{user id}@im-platform.com`, auth source = the platform.
public struct UserDirectory: Sendable {
    /// Why no user could be found for an identity.
    public struct MappingFailed: Error, Sendable, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    private let store: Store
    private let mapper: (any UserMapper)?

    public init(store: Store, mapper: (any UserMapper)?) {
        self.store = store
        self.mapper = mapper
    }

    /// The user behind `identity`, created and linked on first contact.
    public func user(for identity: PlatformIdentity) async throws -> UserRecord {
        let known = try await store.read { try $0.user(platform: identity.platform, platformUserID: identity.userID) }
        if let known { return known }
        let mapped: MappedUser?
        do {
            mapped = try await mapper?.map(identity)
        } catch {
            throw MappingFailed(description: "the user mapper failed for \(identity.platform):\(identity.userID): \(error)")
        }
        return try await store.write { transaction in
            let claim = try mapped.map(UserClaim.init) ?? Self.defaultClaim(for: identity, in: transaction)
            return try transaction.link(
                platform: identity.platform, platformUserID: identity.userID, channelID: identity.channelID,
                displayName: identity.displayName, to: claim
            )
        }
    }

    private static func defaultClaim(for identity: PlatformIdentity, in transaction: StoreTransaction) throws -> UserClaim {
        var username = identity.userID
        if let taken = try transaction.user(named: username), taken.authSource != identity.platform {
            username = "\(identity.platform):\(identity.userID)"
        }
        return UserClaim(
            username: username, email: "\(identity.userID)@im-platform.com",
            displayName: identity.displayName, authSource: identity.platform
        )
    }
}

extension UserClaim {
    init(_ mapped: MappedUser) {
        self.init(username: mapped.username, email: mapped.email, displayName: mapped.displayName, authSource: mapped.authSource)
    }
}
