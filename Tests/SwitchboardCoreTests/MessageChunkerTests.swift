import SwitchboardCore
import Testing

@Suite("Message chunker")
struct MessageChunkerTests {
    @Test func theEmptyReplyHasNoChunks() {
        #expect(MessageChunker(limit: 4096, unit: .utf16).chunks(of: "") == [])
    }

    @Test func aReplyOfExactlyTheLimitIsOneChunk() {
        let reply = String(repeating: "word ", count: 399) + "last\n"
        #expect(MessageChunker(limit: 2000, unit: .characters).chunks(of: reply) == [reply])
        let fenced = "```swift\n" + String(repeating: "x", count: 1987) + "\n```\n"
        #expect(MessageChunker(limit: 2001, unit: .characters).chunks(of: fenced) == [fenced])
    }
}
