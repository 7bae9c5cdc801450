import SwitchboardCore
import Testing

@Test func tmpStats() {
    let cases = MessageChunkerPropertyTests.cases
    let total = cases.reduce(0) { $0 + $1.reply.utf8.count }
    let chunks = cases.reduce(0) { $0 + $1.chunks.count }
    let reopened = cases.reduce(0) { $0 + $1.chunks.filter { !$0.addedPrefix.isEmpty }.count }
    let closed = cases.reduce(0) { $0 + $1.chunks.filter { !$0.addedSuffix.isEmpty }.count }
    print("bytes \(total) chunks \(chunks) reopened \(reopened) closed \(closed)")
    for c in cases.prefix(400) where c.chunker.limit == 100 && c.chunks.contains(where: { !$0.addedPrefix.isEmpty }) {
        print(c)
        for ch in c.chunks { print("----", ch.addedPrefix.debugDescription, ch.addedSuffix.debugDescription, c.chunker.length(of: ch.text)); print(ch.text) }
        break
    }
}
