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
            let added = generated.chunks.flatMap { [$0.addedPrefix.dropLast(), $0.addedSuffix.trimmingPrefix("\n")] }
            #expect(added.allSatisfy { $0.isEmpty || isFenceLine($0) }, "\(generated): added \(added)")
        }
    }

    @Test func noChunkExceedsTheLimit() {
        for generated in Self.cases {
            let (limit, unit) = (generated.chunker.limit, generated.chunker.unit)
            let lengths = generated.chunks.map { measure($0.text, in: unit) }
            #expect(lengths.allSatisfy { $0 <= limit }, "\(generated): lengths \(lengths)")
            #expect(generated.chunks.map { generated.chunker.length(of: $0.text) } == lengths, "\(generated)")
        }
    }

    @Test func fencesStayBalancedWhenTheLimitAllows() {
        let checked = Self.cases.filter { limitAllowsBalancedFences($0) }
        for generated in checked {
            let unbalanced = generated.chunks.map(\.text).filter { chunk in
                !chunk.split(separator: "\n", omittingEmptySubsequences: false).filter { isFenceLine($0) }.count.isMultiple(of: 2)
            }
            #expect(unbalanced.isEmpty, "\(generated): \(unbalanced)")
        }
        #expect(checked.count >= 100)
    }

    @Test func noCutSplitsAGrapheme() {
        for generated in Self.cases where longestGrapheme(generated) <= generated.chunker.limit {
            // A cut inside a grapheme would leave part of it in each of two chunks.
            let graphemes = generated.chunks.map(\.body.count)
            #expect(graphemes.reduce(0, +) == generated.reply.count && !graphemes.contains(0), "\(generated)")
        }
    }

    @Test func noWordIsSplitWhenASpaceBetweenWordsFits() {
        let closerLength = 4  // "\n```": the longest closer a generated reply needs
        for generated in Self.cases {
            let unit = generated.chunker.unit
            let splitWords = zip(generated.chunks, generated.chunks.dropFirst()).filter { chunk, next in
                guard let last = chunk.body.last, let first = next.body.first, !last.isWhitespace, !first.isWhitespace
                else { return false }
                let prefixLength = measure(chunk.addedPrefix, in: unit)
                return zip(chunk.body.indices, chunk.body.indices.dropFirst()).contains { before, space in
                    chunk.body[space] == " " && !chunk.body[before].isWhitespace
                        && prefixLength + measure(chunk.body[...space], in: unit) + closerLength <= generated.chunker.limit
                }
            }
            #expect(splitWords.isEmpty, "\(generated): \(splitWords.map(\.0.body))")
        }
    }

    /// Room for any generated block's reopener, closer and a grapheme: see `MessageChunker`.
    private func limitAllowsBalancedFences(_ generated: GeneratedCase) -> Bool {
        let unit = generated.chunker.unit
        let longestFenceLine = ReplyWriter.infoStrings.map { measure("```" + $0 + "\n", in: unit) }.max()!
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
