/// "did you mean …?" hints for misspelt names.
enum Suggestion {
    /// `"; did you mean 'x'?"` for the candidate closest to `word`, or `""` when none is close.
    static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The candidate closest to `word` (ignoring case) among those within a few edits of it
    /// or starting with it (`warn` → `warning`).
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let word = word.lowercased()
        let scored = candidates.map { candidate in
            (candidate, editDistance(Array(word), Array(candidate.lowercased())))
        }
        return scored
            .filter { candidate, distance in
                distance <= max(1, candidate.count / 3) || (word.count >= 3 && candidate.lowercased().hasPrefix(word))
            }
            .min { $0.1 < $1.1 }?
            .0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    private static func editDistance(_ source: [Character], _ target: [Character]) -> Int {
        if source.isEmpty || target.isEmpty { return max(source.count, target.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: target.count + 1), count: source.count + 1)
        for row in 0...source.count { table[row][0] = row }
        for column in 0...target.count { table[0][column] = column }
        for row in 1...source.count {
            for column in 1...target.count {
                let cost = source[row - 1] == target[column - 1] ? 0 : 1
                table[row][column] = min(table[row - 1][column] + 1,
                                         table[row][column - 1] + 1,
                                         table[row - 1][column - 1] + cost)
                if row > 1, column > 1, source[row - 1] == target[column - 2], source[row - 2] == target[column - 1] {
                    table[row][column] = min(table[row][column], table[row - 2][column - 2] + 1)
                }
            }
        }
        return table[source.count][target.count]
    }
}
