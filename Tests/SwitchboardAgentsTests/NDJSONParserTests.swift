import SwitchboardAgents
import Testing

@Suite("NDJSONParser")
struct NDJSONParserTests {
    static let sample = Array(#"{"type":"text","text":"héllo 😀"}\#n\#r\#n{"type":"status"}\#r\#n  \#n{"type":"done"}"#.utf8)

    @Test func givesEveryLineWhateverTheSplit() {
        for cut in 0...Self.sample.count {
            var parser = NDJSONParser()
            var lines = parser.parse(Self.sample[..<cut]) + parser.parse(Self.sample[cut...])
            lines += parser.finish().map { [$0] } ?? []
            #expect(lines == [#"{"type":"text","text":"héllo 😀"}"#, #"{"type":"status"}"#, #"{"type":"done"}"#],
                    "cut at byte \(cut)")
        }
    }

    @Test func lastLineWithALineEndLeavesNothingToFinish() {
        var parser = NDJSONParser()

        #expect(parser.parse(Array("{}\n".utf8)) == ["{}"])
        #expect(parser.finish() == nil)
    }
}
