import SwitchboardCore
import Testing

@Suite("Message chunker")
struct MessageChunkerTests {
    @Test func theEmptyReplyHasNoChunks() {
        #expect(MessageChunker(limit: 4096, unit: .utf16).chunks(of: "") == [])
    }

    @Test func aReplyOfExactlyTheLimitIsOneChunk() {
        let chunker = MessageChunker(limit: 2000, unit: .characters)
        let reply = String(repeating: "word ", count: 399) + "last\n"
        #expect(chunker.length(of: reply) == 2000)
        #expect(chunker.chunks(of: reply) == [reply])
        #expect(chunker.chunks(of: reply + "!") == [reply, "!"])

        let fenced = "```swift\n" + String(repeating: "x", count: 1986) + "\n```\n"
        #expect(chunker.length(of: fenced) == 2000)
        #expect(chunker.chunks(of: fenced) == [fenced])
    }

    @Test func telegramKeepsEmojiAtTheBoundaryWhole() {
        let telegram = MessageChunker(limit: 4096, unit: .utf16)
        let family = "👩‍👩‍👧‍👦"  // 11 UTF-16 code units
        #expect(telegram.chunks(of: String(repeating: "a", count: 4090) + family + " end")
            == [String(repeating: "a", count: 4090), family + " end"])
        // A cut at 4,096 would fall between the two flags' regional indicators.
        #expect(telegram.chunks(of: String(repeating: "a", count: 4094) + "🇯🇵🇯🇵")
            == [String(repeating: "a", count: 4094), "🇯🇵🇯🇵"])
        #expect(telegram.chunks(of: String(repeating: "a", count: 4093) + "👍🏽")
            == [String(repeating: "a", count: 4093), "👍🏽"])
    }

    @Test func weComCountsCJKAsThreeBytes() {
        let weCom = MessageChunker(limit: 2048, unit: .bytes)
        let chunks = weCom.chunks(of: String(repeating: "漢字", count: 500))
        #expect(chunks.map(\.utf8.count) == [2046, 954])
        #expect(chunks.joined() == String(repeating: "漢字", count: 500))
    }

    @Test func discordCountsScalarsAndKeepsCombiningMarksWithTheirLetter() {
        let discord = MessageChunker(limit: 2000, unit: .characters)
        let accented = "e\u{301}"
        let chunks = discord.chunks(of: "x" + String(repeating: accented, count: 1000))
        #expect(chunks == ["x" + String(repeating: accented, count: 999), accented])
    }

    @Test func aLineBreakOfCRLFStaysWhole() {
        let chunker = MessageChunker(limit: 12, unit: .bytes)
        #expect(chunker.chunks(of: "line one\r\nline two\r\n") == ["line one\r\n", "line two\r\n"])
    }

    @Test func prefersAParagraphThenALineThenAWordThenAGraphemeBreak() {
        let chunker = MessageChunker(limit: 100, unit: .characters)
        let words = String(repeating: "word ", count: 30)
        let paragraph = String(repeating: "para ", count: 12) + "\n\n"
        #expect(chunker.chunks(of: paragraph + "line one\n" + words).first == paragraph)
        let line = String(repeating: "line ", count: 12) + "\n"
        #expect(chunker.chunks(of: line + words).first == line)
        #expect(chunker.chunks(of: words).first == String(repeating: "word ", count: 20))
        #expect(chunker.chunks(of: String(repeating: "x", count: 250)).map(\.count) == [100, 100, 50])
    }

    @Test func anEarlyParagraphBreakGivesWayToALaterWordBreak() {
        let chunker = MessageChunker(limit: 100, unit: .characters)
        let chunks = chunker.chunks(of: "Hi\n\n" + String(repeating: "word ", count: 30))
        #expect(chunks.first == "Hi\n\n" + String(repeating: "word ", count: 19))
    }

    @Test func whitespaceAtACutEndsTheEarlierChunk() {
        let chunker = MessageChunker(limit: 9, unit: .characters)
        #expect(chunker.chunks(of: "alpha   beta") == ["alpha   ", "beta"])
    }

    @Test func aCutInACodeBlockClosesItAndTheNextChunkReopensIt() {
        let chunker = MessageChunker(limit: 120, unit: .characters)
        let code = (1...20).map { "let x\($0) = \($0)\n" }.joined()
        let reply = "Here:\n```swift\n" + code + "```\nDone."
        let chunks = chunker.chunksWithProvenance(of: reply)
        #expect(chunks.count == 3)
        #expect(chunks.map(\.addedPrefix) == ["", "```swift\n", "```swift\n"])
        #expect(chunks.map(\.addedSuffix) == ["```", "```", ""])
        #expect(chunks.map(\.body).joined() == reply)
        for chunk in chunks {
            #expect(chunker.length(of: chunk.text) <= 120)
            #expect(chunk.text.split(separator: "\n").filter { $0.hasPrefix("```") }.count == 2)
        }
    }

    @Test func aCutMidLineInACodeBlockClosesItOnANewLine() {
        let chunker = MessageChunker(limit: 100, unit: .characters)
        let reply = "```\n" + String(repeating: "x", count: 300) + "\n```"
        let middle = "```\n" + String(repeating: "x", count: 92) + "\n```"
        let last = "```\n" + String(repeating: "x", count: 24) + "\n```"
        #expect(chunker.chunks(of: reply) == [middle, middle, middle, last])
    }

    @Test func aCutLeavesNoEmptyCodeBlock() {
        let chunker = MessageChunker(limit: 30, unit: .characters)
        let reply = "```\n" + String(repeating: "x", count: 23) + "\n \n```\nok"
        // Fits up to the last x, but the next chunk would hold an empty block.
        #expect(chunker.chunks(of: reply) == ["```\n" + String(repeating: "x", count: 22) + "\n```", "```\nx\n \n```\nok"])
    }

    @Test func aCutNeverStartsAChunkWithAFenceTheReplyHasMidLine() {
        let chunker = MessageChunker(limit: 8, unit: .characters)
        #expect(chunker.chunks(of: "aaaa ```bbbbbbb") == ["aaaa ```", "bbbbbbb"])
    }

    @Test func aGraphemeLongerThanTheLimitIsSplitBetweenItsScalars() {
        let family = "👩‍👩‍👧‍👦"
        #expect(MessageChunker(limit: 16, unit: .bytes).chunks(of: "a" + family + "b")
            == ["a", "👩\u{200D}👩\u{200D}", "👧\u{200D}👦", "b"])
        #expect(MessageChunker(limit: 4, unit: .utf16).chunks(of: family)
            == ["👩\u{200D}", "👩\u{200D}", "👧\u{200D}", "👦"])
    }

    @Test(arguments: [LengthUnit.utf16, .bytes, .characters])
    func tinyLimitsStillHold(unit: LengthUnit) {
        let reply = "```swift\nlet x = 1\n```\nSome text 👍🏽 漢字 e\u{301}\n\n~~~\ncode\n~~~\n```\nopen"
        for limit in 4...16 {
            let chunks = MessageChunker(limit: limit, unit: unit).chunksWithProvenance(of: reply)
            #expect(chunks.allSatisfy { measure($0.text, in: unit) <= limit }, "limit \(limit)")
            #expect(chunks.map(\.body).joined() == reply, "limit \(limit)")
        }
    }

    /// A megabyte reply is split completely and correctly (its speed is a benchmark's business).
    @Test func aMegabyteReplyIsSplitWhole() {
        let paragraph = "Some prose with 漢字, e\u{301} and 👩‍👩‍👧‍👦.\n\n```swift\nlet answer = 42\n```\n"
        let reply = String(repeating: paragraph, count: 1_000_000 / paragraph.utf8.count)
        let chunker = MessageChunker(limit: 4096, unit: .utf16)
        let chunks = chunker.chunksWithProvenance(of: reply)
        #expect(chunks.count > 150)
        #expect(chunks.map(\.body).joined() == reply)
        #expect(chunks.allSatisfy { chunker.length(of: $0.text) <= 4096 })
    }
}
