/// Who a platform user is: the platform, the channel they wrote on, their id there.
public struct PlatformIdentity: Sendable, Hashable {
    public var platform: String
    public var channelID: String
    public var userID: String
    public var displayName: String?

    public init(platform: String, channelID: String, userID: String, displayName: String? = nil) {
        self.platform = platform
        self.channelID = channelID
        self.userID = userID
        self.displayName = displayName
    }
}

/// The Switchboard user an identity maps to. Identities mapped to the same username
/// share one user.
public struct MappedUser: Sendable, Equatable {
    public var username: String
    public var email: String?
    public var displayName: String?
    public var authSource: String

    public init(username: String, email: String? = nil, displayName: String? = nil, authSource: String) {
        self.username = username
        self.email = email
        self.displayName = displayName
        self.authSource = authSource
    }
}

/// Decides which user a platform identity belongs to (an enterprise directory, say).
///
/// Implementation requirements: called once per identity, on its first message; may
/// be called for many identities at once.
public protocol UserMapper: Sendable {
    /// The user for `identity`, or nil to fall back to the default mapping (a user per identity).
    func map(_ identity: PlatformIdentity) async throws -> MappedUser?
}
