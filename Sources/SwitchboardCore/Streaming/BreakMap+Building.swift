extension BreakMap {
    /// Maps `text` in one pass over its graphemes.
    init(_ text: String, unit: LengthUnit) {
        var builder = Builder(text: text, unit: unit)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            builder.add(Grapheme(character, unit: unit), endingAt: index)
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
        var breaks = [BreakPoint(kind: .grapheme, flaw: .breaksFence)]
        var blocks: [FencedBlock] = []

        private var lineStart = 0
        /// From the current line's first to its last non-whitespace grapheme.
        private var lineContent: Range<Int>?
        private var openBlock: OpenBlock?
        private var spaceRun = 0
        private var markerRun: MarkerRun?

        private struct OpenBlock {
            let fence: CodeFence
            /// The position after the opening line.
            let start: Int
            /// From the block's first to its last non-whitespace grapheme so far.
            var content: Range<Int>?
        }

        /// Backticks or tildes in a row, and the spaces just before them.
        private struct MarkerRun {
            let marker: UInt8
            let start: Int
            var count: Int
            let spacesBefore: Int
        }

        init(text: String, unit: LengthUnit) {
            self.text = text
            self.unit = unit
            indices = [text.startIndex]
            let mostGraphemes = text.utf8.count
            indices.reserveCapacity(mostGraphemes + 1)
            offsets.reserveCapacity(mostGraphemes + 1)
            breaks.reserveCapacity(mostGraphemes + 1)
        }

        /// Adds the next grapheme, which ends at `end`.
        mutating func add(_ grapheme: Grapheme, endingAt end: String.Index) {
            let position = breaks.count - 1
            indices.append(end)
            offsets.append(offsets[position] + grapheme.length)
            trackMarkers(grapheme, at: position)
            if grapheme.isLineBreak {
                breaks.append(BreakPoint(kind: lineContent == nil ? .paragraph : .line))
                endLine(at: position)
            } else {
                breaks.append(BreakPoint(kind: grapheme.isBreakableSpace ? .word : .grapheme))
                if !grapheme.isWhitespace { lineContent = (lineContent?.lowerBound ?? position)..<(position + 1) }
            }
        }

        mutating func finish() {
            let end = breaks.count - 1
            if lineStart < end { endLine(at: end) }
            if let openBlock, openBlock.start < end { close(openBlock, at: end) }
        }

        /// Handles the line from `lineStart` to `end`, where its line break (if any) starts.
        private mutating func endLine(at end: Int) {
            let line = text[indices[lineStart]..<indices[end]]
            if var block = openBlock {
                if block.fence.isClosed(by: line) {
                    mark(lineStart + 1...end, .breaksFence)
                    close(block, at: lineStart)
                } else if let lineContent {
                    block.content = (block.content?.lowerBound ?? lineContent.lowerBound)..<lineContent.upperBound
                    openBlock = block
                }
            } else if let fence = CodeFence(openingLine: line) {
                mark(lineStart + 1...end, .breaksFence)
                openBlock = OpenBlock(fence: fence, start: end + 1)
            }
            lineStart = end + 1
            lineContent = nil
        }

        /// Ends `block` at `end`: the start of its closing line, or the end of the text.
        private mutating func close(_ block: OpenBlock, at end: Int) {
            let content = block.content ?? end..<end
            mark(block.start...content.lowerBound, .emptiesBlock)
            mark(content.upperBound...end, .emptiesBlock)
            blocks.append(FencedBlock(
                fence: block.fence, open: block.start...end,
                reopenerLength: unit.length(of: block.fence.reopener), closerLength: unit.length(of: block.fence.closer)))
            openBlock = nil
        }

        /// Marks the cuts that would start the next message with a fence found mid-line:
        /// just before three backticks or tildes, or before up to three spaces leading to them.
        private mutating func trackMarkers(_ grapheme: Grapheme, at position: Int) {
            defer { spaceRun = grapheme.ascii == UInt8(ascii: " ") ? spaceRun + 1 : 0 }
            guard let marker = grapheme.ascii, CodeFence.isMarker(marker) else {
                markerRun = nil
                return
            }
            if markerRun?.marker == marker {
                markerRun?.count += 1
            } else {
                markerRun = MarkerRun(marker: marker, start: position, count: 1, spacesBefore: spaceRun)
            }
            guard let run = markerRun, run.count == 3 else { return }
            let first = max(run.start - min(run.spacesBefore, 3), lineStart + 1)
            if first <= run.start { mark(first...run.start, .breaksFence) }
        }

        /// Gives the breaks at `positions` a flaw, unless they have a worse one.
        private mutating func mark(_ positions: ClosedRange<Int>, _ flaw: BreakPoint.Flaw) {
            for position in positions { breaks[position].flaw = min(breaks[position].flaw ?? flaw, flaw) }
        }
    }
}
