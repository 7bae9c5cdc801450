/// One `PUT /v1.0/card/streaming` call, as accepted.
public struct DingTalkCardUpdate: Sendable, Equatable {
    /// The card parameter written.
    public let key: String
    public let content: String
    /// Whether `content` replaced the parameter (else it was appended).
    public let isFull: Bool
    /// Whether this update ended the streaming.
    public let isFinalize: Bool
    /// Whether this update marked the card failed.
    public let isError: Bool

    public init(key: String, content: String, isFull: Bool, isFinalize: Bool = false, isError: Bool = false) {
        self.key = key
        self.content = content
        self.isFull = isFull
        self.isFinalize = isFinalize
        self.isError = isError
    }
}

/// An AI card the bot created with `createAndDeliver`, in its current state.
public struct DingTalkCard: Sendable {
    public let outTrackID: String
    public let templateID: String
    /// Where it was delivered, as given: "dtv1.card//IM_GROUP.<conversationId>" or
    /// "dtv1.card//IM_ROBOT.<staffId>".
    public let openSpaceID: String
    /// The current `cardParamMap`: streaming writes `params[key]`.
    public var params: [String: String]
    /// Every streaming update, oldest first.
    public var streamingUpdates: [DingTalkCardUpdate]
    /// A streaming update said `isFinalize`: no more streaming is accepted.
    public var finalized: Bool
    /// A streaming update said `isError`.
    public var failed: Bool
}
