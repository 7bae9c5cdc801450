/// Splits text into messages that each fit a platform's limit.
///
/// - Every message is at most `limit` long in `unit`, added fence text included.
/// - Cuts fall between grapheme clusters, so never inside an emoji sequence, a flag, a
///   letter and its combining marks, a surrogate pair or a UTF-8 sequence. Only a grapheme
///   longer than the limit by itself is cut, between its Unicode scalars, into messages of
///   its own.
/// - A message ends at the end of the text if it fits, else at the latest break of the
///   best kind that fits: after a blank line, after a line break, after whitespace, between
///   graphemes. Heuristic: a blank-line or line break is taken only when its message is at
///   least half the limit long; otherwise the latest break after whitespace is, so that an
///   early paragraph doesn't make a short message.
/// - A message that ends inside a fenced code block closes it with its fence, on a line of
///   its own ("\n```", or "```" after a line break), and the next message reopens it with
///   the opening line as written ("```swift\n"). That text counts toward the limit.
/// - Worse than any clean break, and taken only when none fits: a cut that would leave a
///   message with an empty code block; worse still, one inside a fence line or where the
///   next message would start with a fence the reply has mid-line.
/// - Nothing is dropped or changed: whitespace at a cut ends the earlier message, and the
///   bodies of ``chunksWithProvenance(of:)``, joined, are the text.
/// - A limit too small for a block's reopener, closer and some text between (about twice
///   the fence line and a grapheme) can't keep fences balanced: such a message is cut
///   without them, and may leave a fence open. The limit still holds.
///
/// Time and memory grow linearly with the text.
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
        func cut(at end: Int) -> Cut {
            var fences = map.fenceCursor(from: end)
            let closed = balancingFences && end < map.count ? fences.block(at: end) : nil
            let closerLength = closed.map { map.closerLength(of: map.blocks[$0], at: end) } ?? 0
            let length = prefixLength + map.length(from: start, to: end) + closerLength
            return Cut(end: end, length: length, reopenedBlock: reopened, closedBlock: closed)
        }

        // The hot loop: reads the map's arrays directly.
        let (offsets, breaks, blocks, count) = (map.offsets, map.breaks, map.blocks, map.count)
        let highestOffset = offsets[start] + limit - prefixLength
        // latest[r]: the latest end that fits at a break of rank r or better.
        var latest = [Int?](repeating: nil, count: BreakPoint.rank(of: .paragraph) + 1)
        var end = start + 1
        while end <= count, offsets[end] <= highestOffset {
            var closerLength = 0
            if balancingFences, end < count, let closed = fences.block(at: end) {
                closerLength = map.closerLength(of: blocks[closed], at: end)
            }
            if offsets[end] + closerLength <= highestOffset {
                if end == count { return cut(at: end) }
                for rank in 0...breaks[end].rank { latest[rank] = end }
            }
            end += 1
        }
        for kind in [BreakKind.paragraph, .line] {
            if let end = latest[BreakPoint.rank(of: kind)], cut(at: end).length >= limit / 2 { return cut(at: end) }
        }
        for rank in (0...BreakPoint.rank(of: .word)).reversed() {
            if let end = latest[rank] { return cut(at: end) }
        }
        return nil
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
