/// What lies before a grapheme boundary, from the worst place to end a chunk to the best.
enum BreakKind: Int, Comparable {
    /// A grapheme of a word.
    case grapheme
    /// Whitespace, between words.
    case word
    /// A line break.
    case line
    /// A blank line.
    case paragraph

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The break at one grapheme boundary.
struct BreakPoint {
    /// What is wrong with the Markdown when a chunk ends here, worst first.
    enum Flaw: Int, Comparable, CaseIterable {
        /// Inside a fence line, or where the next message would start with a fence that
        /// is mid-line in the reply.
        case breaksFence
        /// Where a message would end or start with an empty code block.
        case emptiesBlock

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let kind: BreakKind
    var flaw: Flaw?

    /// Orders breaks from worst (0) to best: a flawed break below any clean one, the
    /// worse flaw lower; clean ones by kind.
    var rank: Int { flaw?.rawValue ?? Self.rank(of: kind) }

    static func rank(of kind: BreakKind) -> Int { Flaw.allCases.count + kind.rawValue }
}

/// Where a text may be cut: its grapheme boundaries, called positions (0 before the first
/// grapheme, `count` after the last), their offsets in a length unit, how good a break
/// each makes, and the fenced code blocks that a cut must close and reopen.
struct BreakMap {
    /// A fenced code block: a cut at a position in `open` ends the message inside it.
    struct FencedBlock {
        let fence: CodeFence
        /// From just after the opening line to the start of the closing line, or to the
        /// end of the text when the block is never closed.
        let open: ClosedRange<Int>
        let reopenerLength: Int
        let closerLength: Int
    }

    let text: String
    let unit: LengthUnit
    let indices: [String.Index]
    let offsets: [Int]
    let breaks: [BreakPoint]
    let blocks: [FencedBlock]

    /// The number of graphemes.
    var count: Int { indices.count - 1 }

    func length(from start: Int, to end: Int) -> Int { offsets[end] - offsets[start] }

    func text(from start: Int, to end: Int) -> Substring { text[indices[start]..<indices[end]] }

    /// The text that closes `block` in a message ending at `position`.
    func closer(of block: FencedBlock, at position: Int) -> String {
        closingLineBreakNeeded(at: position) ? "\n" + block.fence.closer : block.fence.closer
    }

    func closerLength(of block: FencedBlock, at position: Int) -> Int {
        block.closerLength + (closingLineBreakNeeded(at: position) ? unit.length(of: "\n") : 0)
    }

    /// Finds the block open at each of a run of increasing positions from `start` on.
    func fenceCursor(from start: Int) -> FenceCursor {
        var low = 0, high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle].open.upperBound < start { low = middle + 1 } else { high = middle }
        }
        return FenceCursor(blocks: blocks, next: low)
    }

    private func closingLineBreakNeeded(at position: Int) -> Bool { breaks[position].kind < .line }
}

/// Walks the fenced blocks alongside increasing positions.
struct FenceCursor {
    let blocks: [BreakMap.FencedBlock]
    /// The first block that doesn't end before the last position asked about.
    var next: Int

    /// The index of the block open at `position`, which is no less than the last one asked about.
    mutating func block(at position: Int) -> Int? {
        while next < blocks.count, blocks[next].open.upperBound < position { next += 1 }
        return next < blocks.count && blocks[next].open.contains(position) ? next : nil
    }
}
