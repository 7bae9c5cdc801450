extension LengthUnit {
    /// The most one Unicode scalar takes in this unit: the smallest workable limit.
    var longestScalar: Int {
        switch self {
        case .utf16: 2
        case .bytes: 4
        case .characters: 1
        }
    }

    func length(of text: some StringProtocol) -> Int {
        switch self {
        case .utf16: text.utf16.count
        case .bytes: text.utf8.count
        case .characters: text.unicodeScalars.count
        }
    }

    func length(of character: Character) -> Int {
        switch self {
        case .utf16: character.utf16.count
        case .bytes: character.utf8.count
        case .characters: character.unicodeScalars.count
        }
    }

    func length(of scalar: Unicode.Scalar) -> Int {
        switch self {
        case .utf16: scalar.utf16.count
        case .bytes: scalar.utf8.count
        case .characters: 1
        }
    }
}
