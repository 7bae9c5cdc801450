import SwitchboardCore

/// A random agent reply and a chunker to split it, both made from `seed`.
struct GeneratedCase: Sendable, CustomStringConvertible {
    static let limits = [16, 50, 100, 2000, 4096]
    static let units: [LengthUnit] = [.utf16, .bytes, .characters]

    let seed: UInt64
    let reply: String
    let chunker: MessageChunker
    let chunks: [MessageChunk]

    /// Names the case in a failure message, so that it can be replayed.
    var description: String {
        "GeneratedCase(seed: 0x\(String(seed, radix: 16, uppercase: true))): limit \(chunker.limit) \(chunker.unit)"
    }

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let limit = Self.limits.randomElement(using: &random)!
        let unit = Self.units.randomElement(using: &random)!
        self.seed = seed
        reply = ReplyWriter.write(length: Int.random(in: 1...3 * limit), in: unit, using: &random)
        chunker = MessageChunker(limit: limit, unit: unit)
        chunks = chunker.chunksWithProvenance(of: reply)
    }
}

/// Writes replies that mix the text chunking finds hard.
enum ReplyWriter {
    static let emoji = ["👩‍👩‍👧‍👦", "👍🏽", "🇯🇵", "🇫🇷"]
    static let accented = ["e\u{301}", "n\u{303}", "a\u{308}\u{304}"]
    static let cjk = Array("漢字仮名交じり文中国語日本語한국어")
    static let infoStrings = ["", "swift", "python", "sh"]
    static let letters = Array("abcdefghijklmnopqrstuvwxyz")

    /// A reply at least `length` long in `unit`.
    static func write(length: Int, in unit: LengthUnit, using random: inout SplitMix64) -> String {
        var reply = ""
        var replyLength = 0
        while replyLength < length {
            let next = piece(after: reply, using: &random)
            reply += next
            replyLength += measure(next, in: unit)
        }
        return reply
    }

    private static func piece(after reply: String, using random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<20, using: &random) {
        case 0..<7: word(using: &random) + " "
        case 7: word(length: Int.random(in: 20...150, using: &random), using: &random)
        case 8..<10: String((0..<Int.random(in: 1...30, using: &random)).map { _ in cjk.randomElement(using: &random)! })
        case 10: emoji.randomElement(using: &random)!
        case 11: word(using: &random) + accented.randomElement(using: &random)! + " "
        case 12..<15: "\n"
        case 15..<17: "\n\n"
        default: (reply.isEmpty || reply.hasSuffix("\n") ? "" : "\n") + fencedBlock(using: &random)
        }
    }

    private static func fencedBlock(using random: inout SplitMix64) -> String {
        let lines = (0..<Int.random(in: 0...8, using: &random)).map { _ in
            let indentation = String(repeating: " ", count: Int.random(in: 0...4, using: &random))
            let words = (0..<Int.random(in: 0...12, using: &random)).map { _ in word(using: &random) }
            return indentation + words.joined(separator: " ") + "\n"
        }
        return "```" + infoStrings.randomElement(using: &random)! + "\n" + lines.joined() + "```\n"
    }

    private static func word(length: Int? = nil, using random: inout SplitMix64) -> String {
        let length = length ?? Int.random(in: 1...9, using: &random)
        return String((0..<length).map { _ in
            Int.random(in: 0..<25, using: &random) == 0
                ? emoji.randomElement(using: &random)! : String(letters.randomElement(using: &random)!)
        }.joined())
    }
}

/// The length of `text` in `unit`, counted apart from the chunker's own code.
func measure(_ text: some StringProtocol, in unit: LengthUnit) -> Int {
    switch unit {
    case .utf16: text.utf16.count
    case .bytes: text.utf8.count
    case .characters: text.unicodeScalars.count
    }
}
