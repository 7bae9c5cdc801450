import SwitchboardCore
import Testing

@Test func tmpPerf() {
    var random = SplitMix64(seed: 1)
    let clock = ContinuousClock()
    var reply = ""
    let g = clock.measure { reply = ReplyWriter.write(length: 1_000_000, in: .bytes, using: &random) }
    let ascii = String(repeating: "The quick brown fox jumps over the lazy dog.\n", count: 1_000_000 / 45)
    for unit in [LengthUnit.utf16, .bytes, .characters] {
        for limit in [16, 2000, 4096] {
            var n = 0
            let t = clock.measure { n = MessageChunker(limit: limit, unit: unit).chunks(of: reply).count }
            var m = 0
            let t2 = clock.measure { m = MessageChunker(limit: limit, unit: unit).chunks(of: ascii).count }
            print(unit, limit, t, n, "ascii", t2, m)
        }
    }
    print("gen", g, reply.utf8.count)
}
