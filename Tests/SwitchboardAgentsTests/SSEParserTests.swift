import SwitchboardAgents
import Testing

@Suite("SSEParser")
struct SSEParserTests {
    /// Every kind of line and line end, a BOM, and text in several scripts.
    static let sample: [UInt8] = Array([
        "\u{FEFF}: a comment\r\nevent: status\r\ndata: héllo\r\n\r\n",
        "data: first line\rdata:second line, no space\r\rid: 7\n",
        "data:  two spaces keep one\ndata\n\n",
        "event: text\nid: 8\ndata: 日本語 😀 done\nretry: 1000\nunknown: field\n\n",
        "event: lonely\n\n",
        "data: never dispatched",
    ].joined().utf8)

    static let expected = [
        SSEEvent(type: "status", data: "héllo"),
        SSEEvent(type: "message", data: "first line\nsecond line, no space"),
        SSEEvent(type: "message", data: " two spaces keep one\n", lastEventID: "7"),
        SSEEvent(type: "text", data: "日本語 😀 done", lastEventID: "8"),
    ]

    @Test func parsesEveryFieldAndLineEnd() {
        var parser = SSEParser()

        #expect(parser.parse(Self.sample) == Self.expected)
    }

    @Test func givesTheSameEventsWhateverTheSplit() {
        for cut in 0...Self.sample.count {
            var parser = SSEParser()
            let events = parser.parse(Self.sample[..<cut]) + parser.parse(Self.sample[cut...])
            #expect(events == Self.expected, "cut at byte \(cut)")
        }
    }

    @Test func givesTheSameEventsFedByteByByte() {
        var parser = SSEParser()

        let events = Self.sample.flatMap { parser.parse([$0]) }

        #expect(events == Self.expected)
    }

    @Test func crlfSplitBetweenPiecesEndsOneLine() {
        var parser = SSEParser()

        let events = parser.parse(Array("data: a\r".utf8)) + parser.parse(Array("\n\r\n".utf8))

        #expect(events == [SSEEvent(data: "a")])
    }

    @Test func byteOrderMarkCountsOnlyAtTheStart() {
        var parser = SSEParser()

        let events = parser.parse(Array("data: a\n\n\u{FEFF}data: b\n\n".utf8))

        #expect(events == [SSEEvent(data: "a")])
    }
}
