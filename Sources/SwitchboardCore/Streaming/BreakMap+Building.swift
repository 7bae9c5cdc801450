extension BreakMap {
    /// Maps `text` in one pass over its graphemes.
    init(_ text: String, unit: LengthUnit) {
        var builder = Builder(text: text, unit: unit)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            builder.add(character, endingAt: index)
        }
        builder.finish()
        self.init(
            text: text, unit: unit, indices: builder.indices, offsets: builder.offsets,
            breaks: builder.breaks, blocks: builder.blocks)
    }

    private struct Builder {
        let text: String
        let unit: LengthUnit
        var indices: [String.Index]
        var offsets = [0]
        /// Position 0 never ends a chunk.
        var breaks = [BreakPoint(kind: .grapheme, spoilsFence: true)]
        var blocks: [FencedBlock] = []

        private var lineStart = 0
        private var lineIsBlank = true
        private var openBlock: (fence: CodeFence, start: Int)?
        private var spaceRun = 0
        private var markerRun: MarkerRun?

        /// Backticks or tildes in a row, and the spaces just before them.
        private struct MarkerRun {
            let marker: Character
            let start: Int
            var count: Int
            let spacesBefore: Int
        }

        init(text: String, unit: LengthUnit) {
            self.text = text
            self.unit = unit
            indices = [text.startIndex]
        }

        /// Adds the next grapheme, which ends at `end`.
        mutating func add(_ character: Character, endingAt end: String.Index) {
            let position = breaks.count - 1
            indices.append(end)
            offsets.append(offsets[position] + unit.length(of: character))
            trackMarkers(character, at: position)
            if character.isLineBreak {
                breaks.append(BreakPoint(kind: lineIsBlank ? .paragraph : .line))
                endLine(at: position)
            } else {
                breaks.append(BreakPoint(kind: character.isBreakableSpace ? .word : .grapheme))
                if !character.isWhitespace { lineIsBlank = false }
            }
        }

        mutating func finish() {
            let end = breaks.count - 1
            if lineStart < end { endLine(at: end) }
            if let openBlock, openBlock.start < end { addBlock(openBlock.fence, open: openBlock.start...end) }
        }

        /// Handles the line from `lineStart` to `end`, where its line break (if any) starts.
        private mutating func endLine(at end: Int) {
            let line = text[indices[lineStart]..<indices[end]]
            if let block = openBlock {
                if block.fence.isClosed(by: line) {
                    spoil(lineStart...end)
                    addBlock(block.fence, open: block.start...lineStart)
                    openBlock = nil
                }
            } else if let fence = CodeFence(openingLine: line) {
                spoil(lineStart + 1...min(end + 1, breaks.count - 1))
                openBlock = (fence, end + 1)
            }
            lineStart = end + 1
            lineIsBlank = true
        }

        private mutating func addBlock(_ fence: CodeFence, open: ClosedRange<Int>) {
            blocks.append(FencedBlock(
                fence: fence, open: open,
                reopenerLength: unit.length(of: fence.reopener), closerLength: unit.length(of: fence.closer)))
        }

        /// Spoils the cuts that would start the next message with a fence found mid-line:
        /// just before three backticks or tildes, or before up to three spaces leading to them.
        private mutating func trackMarkers(_ character: Character, at position: Int) {
            defer { spaceRun = character == " " ? spaceRun + 1 : 0 }
            guard CodeFence.isMarker(character) else {
                markerRun = nil
                return
            }
            if markerRun?.marker == character {
                markerRun?.count += 1
            } else {
                markerRun = MarkerRun(marker: character, start: position, count: 1, spacesBefore: spaceRun)
            }
            guard let run = markerRun, run.count == 3 else { return }
            let first = max(run.start - min(run.spacesBefore, 3), lineStart + 1)
            if first <= run.start { spoil(first...run.start) }
        }

        private mutating func spoil(_ positions: ClosedRange<Int>) {
            for position in positions { breaks[position].spoilsFence = true }
        }
    }
}

extension Character {
    /// A line break as Markdown knows it.
    fileprivate var isLineBreak: Bool { self == "\n" || self == "\r\n" || self == "\r" }

    /// Whitespace that may separate words: no-break spaces don't.
    fileprivate var isBreakableSpace: Bool {
        isWhitespace && self != "\u{A0}" && self != "\u{2007}" && self != "\u{202F}"
    }
}
