import SwitchboardCore
import Testing

/// Properties of the chunker over generated replies. A failure names its case's seed:
/// `GeneratedCase(seed:)` replays it.
@Suite("Message chunker properties")
struct MessageChunkerPropertyTests {
    static let cases = (0..<UInt64(300)).map { GeneratedCase(seed: 0x5EED_0000 + $0) }

    @Test func rejoinedBodiesAreTheReply() {
        for generated in Self.cases {
            let rejoined = generated.chunks.map(\.body).joined()
            #expect(rejoined.utf8.elementsEqual(generated.reply.utf8), "\(generated)")
            #expect(!generated.chunks.isEmpty, "\(generated)")
            for chunk in generated.chunks {
                #expect(chunk.addedPrefix.isEmpty || isFenceLine(chunk.addedPrefix.dropLast()), "\(generated)")
                #expect(chunk.addedSuffix.isEmpty || isFenceLine(chunk.addedSuffix.trimmingPrefix("\n")), "\(generated)")
                #expect(chunk.text == chunk.addedPrefix + chunk.body + chunk.addedSuffix)
            }
        }
    }

    @Test func noChunkExceedsTheLimit() {
        for generated in Self.cases {
            for chunk in generated.chunks {
                #expect(measure(chunk.text, in: generated.chunker.unit) <= generated.chunker.limit, "\(generated)")
                #expect(generated.chunker.length(of: chunk.text) == measure(chunk.text, in: generated.chunker.unit))
            }
        }
    }

    @Test func fencesStayBalancedWhenTheLimitAllows() {
        var checked = 0
        for generated in Self.cases where limitAllowsBalancedFences(generated) {
            checked += 1
            for chunk in generated.chunks {
                let fenceLines = chunk.text.split(separator: "\n", omittingEmptySubsequences: false).filter(isFenceLine)
                #expect(fenceLines.count.isMultiple(of: 2), "\(generated): \(chunk.text.debugDescription)")
            }
        }
        #expect(checked >= 100)
    }

    @Test func noCutSplitsAGrapheme() {
        for generated in Self.cases where longestGrapheme(generated) <= generated.chunker.limit {
            let graphemes = generated.chunks.reduce(0) { $0 + $1.body.count }
            #expect(graphemes == generated.reply.count, "\(generated)")
            #expect(generated.chunks.allSatisfy { !$0.body.isEmpty }, "\(generated)")
        }
    }

    @Test func noWordIsSplitWhenAWordBreakFits() {
        let closerLength = 4  // "\n```": the longest closer a generated reply needs
        for generated in Self.cases {
            let unit = generated.chunker.unit
            for (chunk, next) in zip(generated.chunks, generated.chunks.dropFirst()) {
                guard let last = chunk.body.last, let first = next.body.first,
                    !last.isWhitespace, !first.isWhitespace
                else { continue }
                let prefixLength = measure(chunk.addedPrefix, in: unit)
                let fittingSpace = chunk.body.indices.first { index in
                    chunk.body[index] == " "
                        && prefixLength + measure(chunk.body[...index], in: unit) + closerLength
                            <= generated.chunker.limit
                }
                #expect(fittingSpace == nil, "\(generated): \(chunk.body.debugDescription)")
            }
        }
    }

    /// Room for any generated block's reopener, closer and a grapheme: see `MessageChunker`.
    private func limitAllowsBalancedFences(_ generated: GeneratedCase) -> Bool {
        let longestFenceLine = ReplyWriter.infoStrings.map { measure("```" + $0 + "\n", in: generated.chunker.unit) }.max()!
        return generated.chunker.limit >= 2 * longestFenceLine + longestGrapheme(generated) + 2
    }

    private func longestGrapheme(_ generated: GeneratedCase) -> Int {
        generated.reply.map { measure(String($0), in: generated.chunker.unit) }.max() ?? 0
    }
}

/// A line that opens or closes a fenced block in a generated reply.
func isFenceLine(_ line: some StringProtocol) -> Bool {
    line.drop(while: { $0 == " " }).hasPrefix("```")
}
