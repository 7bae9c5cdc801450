/// Splits text into messages that each fit a platform's limit.
///
/// - Every message is at most `limit` long in `unit`, added fence text included.
/// - Cuts fall between grapheme clusters, so never inside an emoji sequence, a flag, a
///   letter and its combining marks, a surrogate pair or a UTF-8 sequence. Only a grapheme
///   longer than the limit by itself is cut, between its Unicode scalars, into messages of
///   its own.
/// - A message ends at the end of the text if it fits, else at the latest break of the
///   best kind: after a blank line, after a line break, after whitespace, between
///   graphemes. Heuristic: a blank-line or line break is taken only when its message is at
///   least half the limit long; otherwise the latest break after whitespace is, so that an
///   early paragraph doesn't make a short message.
/// - A message that ends inside a fenced code block closes it (its fence, after a line
///   break unless the message ends with one: "\n```"), and the next message reopens it with
///   the opening line as written ("```swift\n"). That text counts toward the limit. Cuts
///   avoid fence lines, the edges of an empty block, and places where the next message
///   would start with a fence the reply has mid-line.
/// - Nothing is dropped or changed: whitespace at a cut ends the earlier message, and the
///   bodies of ``chunksWithProvenance(of:)``, joined, are the text.
/// - A limit too small for a block's reopener, closer and some text between (about twice
///   the fence line and a grapheme) can't keep fences balanced: such a message is cut
///   without them, and may leave a fence open. The limit still holds.
///
/// Time and memory are linear in the text's length.
public struct MessageChunker: Sendable {
    public let limit: Int
    public let unit: LengthUnit

    /// - Precondition: `limit` holds any Unicode scalar: at least 4 bytes, 2 UTF-16 code
    ///   units or 1 scalar.
    public init(limit: Int, unit: LengthUnit) {
        precondition(limit >= unit.longestScalar, "a limit of \(limit) \(unit) can't hold every Unicode scalar")
        self.limit = limit
        self.unit = unit
    }

    /// The messages, in order; never empty for non-empty text ([] for "").
    public func chunks(of text: String) -> [String] {
        chunksWithProvenance(of: text).map(\.text)
    }

    /// The messages, with the fence text the chunker added kept apart from the text's own.
    public func chunksWithProvenance(of text: String) -> [MessageChunk] {
        let map = BreakMap(text, unit: unit)
        var chunks: [MessageChunk] = []
        var start = 0
        while start < map.count {
            if let cut = bestCut(in: map, from: start, balancingFences: true)
                ?? bestCut(in: map, from: start, balancingFences: false)
            {
                chunks.append(chunk(of: map, from: start, to: cut))
                start = cut.end
            } else {
                chunks += splitBetweenScalars(map.text(from: start, to: start + 1))
                start += 1
            }
        }
        return chunks
    }

    /// The length of `text` in this chunker's unit.
    public func length(of text: String) -> Int {
        unit.length(of: text)
    }

    /// Where a message from `start` may end, and what it then holds besides the text.
    private struct Cut {
        let end: Int
        /// The whole message's length.
        let length: Int
        let reopenedBlock: Int?
        let closedBlock: Int?
    }

    /// The best cut that fits, or nil when not even one grapheme does.
    private func bestCut(in map: BreakMap, from start: Int, balancingFences: Bool) -> Cut? {
        var fences = map.fenceCursor(from: start)
        let reopened = balancingFences ? fences.block(at: start) : nil
        let prefixLength = reopened.map { map.blocks[$0].reopenerLength } ?? 0
        // latestByRank[r]: the latest cut that fits at a break of rank r or better.
        var latestByRank = [Cut?](repeating: nil, count: BreakKind.paragraph.rawValue + 1)
        var end = start + 1
        while end <= map.count, prefixLength + map.length(from: start, to: end) <= limit {
            let closed = balancingFences && end < map.count ? fences.block(at: end) : nil
            let closerLength = closed.map { map.closerLength(of: map.blocks[$0], at: end) } ?? 0
            let length = prefixLength + map.length(from: start, to: end) + closerLength
            if length <= limit {
                let cut = Cut(end: end, length: length, reopenedBlock: reopened, closedBlock: closed)
                if end == map.count { return cut }
                for rank in 0...map.breaks[end].rank { latestByRank[rank] = cut }
            }
            end += 1
        }
        for kind in [BreakKind.paragraph, .line] {
            if let cut = latestByRank[kind.rawValue], cut.length >= limit / 2 { return cut }
        }
        return latestByRank[BreakKind.word.rawValue] ?? latestByRank[BreakKind.grapheme.rawValue] ?? latestByRank[0]
    }

    private func chunk(of map: BreakMap, from start: Int, to cut: Cut) -> MessageChunk {
        MessageChunk(
            addedPrefix: cut.reopenedBlock.map { map.blocks[$0].fence.reopener } ?? "",
            body: String(map.text(from: start, to: cut.end)),
            addedSuffix: cut.closedBlock.map { map.closer(of: map.blocks[$0], at: cut.end) } ?? "")
    }

    /// A grapheme longer than the limit, cut between its scalars into messages of its own.
    private func splitBetweenScalars(_ grapheme: Substring) -> [MessageChunk] {
        var pieces = [""]
        var length = 0
        for scalar in grapheme.unicodeScalars {
            let scalarLength = unit.length(of: scalar)
            if length + scalarLength > limit {
                pieces.append("")
                length = 0
            }
            pieces[pieces.count - 1].unicodeScalars.append(scalar)
            length += scalarLength
        }
        return pieces.map { MessageChunk(addedPrefix: "", body: $0, addedSuffix: "") }
    }
}
