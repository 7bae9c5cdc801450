/// AI cards: created and delivered, streamed into, updated.
extension DingTalkState {
    /// Where `createAndDeliver` delivers a card: one of an `openSpaceId`'s spaces.
    struct CardSpace: Equatable {
        enum Kind: String {
            case group = "IM_GROUP"
            case robot = "IM_ROBOT"
        }

        let kind: Kind
        /// The group's conversation id, or the user's staff id.
        let id: String

        /// The spaces of `openSpaceID`: "dtv1.card//" then one or more of
        /// "IM_GROUP.<conversationId>" or "IM_ROBOT.<staffId>", separated by ";" (the
        /// type is read case-insensitively). Nil when it is not of that form.
        static func parse(_ openSpaceID: String) -> [CardSpace]? {
            let prefix = "dtv1.card//"
            guard openSpaceID.hasPrefix(prefix) else { return nil }
            var spaces: [CardSpace] = []
            for part in openSpaceID.dropFirst(prefix.count).split(separator: ";", omittingEmptySubsequences: false) {
                guard let dot = part.firstIndex(of: "."), let kind = Kind(rawValue: part[..<dot].uppercased()) else { return nil }
                let id = String(part[part.index(after: dot)...])
                guard !id.isEmpty else { return nil }
                spaces.append(CardSpace(kind: kind, id: id))
            }
            return spaces.isEmpty ? nil : spaces
        }
    }

    /// Stores `card`, delivered to `spaces`: its outTrackId must be new, and each space a
    /// group or a user that wrote to the bot.
    func create(_ card: DingTalkCard, in spaces: [CardSpace]) throws(DingTalkAPIError) {
        guard !cards.contains(where: { $0.outTrackID == card.outTrackID }) else { throw .invalidParameter("outTrackId") }
        for space in spaces {
            let known = switch space.kind {
            case .group: conversations[space.id]?.kind == .group
            case .robot: users[space.id] != nil
            }
            guard known else { throw .invalidParameter("openSpaceId") }
        }
        cards.append(card)
    }

    /// Applies a streaming update: `isFull` replaces `params[key]`, else `content` is
    /// appended; `isFinalize` ends the streaming, `isError` marks the card failed.
    func stream(_ update: DingTalkCardUpdate, to outTrackID: String) throws(DingTalkAPIError) {
        let index = try cardIndex(outTrackID)
        guard !cards[index].finalized else { throw .cardStreamingFinished }
        if update.isFull {
            cards[index].params[update.key] = update.content
        } else {
            cards[index].params[update.key, default: ""] += update.content
        }
        cards[index].streamingUpdates.append(update)
        if update.isFinalize { cards[index].finalized = true }
        if update.isError { cards[index].failed = true }
    }

    /// Sets the card's parameters: merged key by key, or replacing them all. Returns
    /// them as they are now.
    func update(_ outTrackID: String, params: [String: String], byKey: Bool) throws(DingTalkAPIError) -> [String: String] {
        let index = try cardIndex(outTrackID)
        cards[index].params = byKey ? cards[index].params.merging(params) { _, new in new } : params
        return cards[index].params
    }

    func card(_ outTrackID: String) -> DingTalkCard? {
        cards.first { $0.outTrackID == outTrackID }
    }

    private func cardIndex(_ outTrackID: String) throws(DingTalkAPIError) -> Int {
        guard let index = cards.firstIndex(where: { $0.outTrackID == outTrackID }) else { throw .cardInstanceNotExist }
        return index
    }
}
