/// The entities Telegram finds by itself in a user's plain text: a `bot_command` at
/// the start ("/start", "/help@some_bot"), `mention`s ("@username", 3 to 32 letters,
/// digits or "_") and `url`s ("http://" or "https://" up to white space).
enum EntityDetector {
    static func entities(in text: String) -> [TelegramEntity] {
        var entities: [TelegramEntity] = []
        let units = Array(text.utf16)
        var index = 0
        while index < units.count {
            let wordStart = index == 0 || !isWordCharacter(units[index - 1])
            if index == 0, units[0] == slash {
                let end = end(of: units, from: 1, where: { isWordCharacter($0) || $0 == at })
                if end > 1 { entities.append(TelegramEntity(type: "bot_command", offset: 0, length: end)) }
                index = max(end, 1)
            } else if wordStart, units[index] == at {
                let end = end(of: units, from: index + 1, where: isWordCharacter)
                if (3...32).contains(end - index - 1) {
                    entities.append(TelegramEntity(type: "mention", offset: index, length: end - index))
                }
                index = max(end, index + 1)
            } else if wordStart, let scheme = ["https://", "http://"].first(where: { units[index...].starts(with: $0.utf16) }) {
                let end = end(of: units, from: index + scheme.utf16.count, where: { !isWhitespace($0) })
                if end > index + scheme.utf16.count { entities.append(TelegramEntity(type: "url", offset: index, length: end - index)) }
                index = end
            } else {
                index += 1
            }
        }
        return entities
    }

    private static let slash = UInt16(UInt8(ascii: "/"))
    private static let at = UInt16(UInt8(ascii: "@"))

    private static func end(of units: [UInt16], from start: Int, where belongs: (UInt16) -> Bool) -> Int {
        var end = start
        while end < units.count, belongs(units[end]) { end += 1 }
        return end
    }

    private static func isWordCharacter(_ unit: UInt16) -> Bool {
        UInt8(exactly: unit).map { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "_") } ?? false
    }

    private static func isWhitespace(_ unit: UInt16) -> Bool {
        UInt8(exactly: unit)?.isASCIIWhitespace ?? false
    }
}
