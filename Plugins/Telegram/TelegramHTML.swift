/// Markdown as agents write it, turned into the HTML subset Telegram formats
/// (`parse_mode: HTML`): **bold**, *italic*, ~~strike~~, `code`, fenced code blocks,
/// [links](https://…), headings (bold), lists (bullets) and quotes.
///
/// Every tag is closed where it opens, so the output is well formed even for text cut
/// off mid-stream (an open code block is closed, a lone `**` stays as it is). Text is
/// never dropped: what is not understood as Markdown shows literally. `&`, `<` and `>`
/// are escaped; Telegram counts the text without tags, so the result is never longer
/// than the Markdown for its 4,096-unit limit.
enum TelegramHTML {
    static func render(_ markdown: String) -> String {
        var output: [String] = []
        var fence: (marker: String, language: String, lines: [String])?
        var quote: [String] = []

        func flushQuote() {
            guard !quote.isEmpty else { return }
            output.append("<blockquote>" + quote.joined(separator: "\n") + "</blockquote>")
            quote.removeAll()
        }

        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if var open = fence {
                if trimmed.hasPrefix(open.marker), trimmed.drop(while: { $0 == open.marker.first }).allSatisfy(\.isWhitespace) {
                    output.append(codeBlock(open.lines, language: open.language))
                    fence = nil
                } else {
                    open.lines.append(String(line))
                    fence = open
                }
                continue
            }
            if let marker = fenceMarker(trimmed) {
                flushQuote()
                let language = trimmed.dropFirst(marker.count).trimmingSpaces.prefix { !$0.isWhitespace }
                fence = (marker, String(language), [])
                continue
            }
            if trimmed.hasPrefix(">") {
                let rest = trimmed.dropFirst()
                quote.append(inline(rest.hasPrefix(" ") ? rest.dropFirst() : rest))
                continue
            }
            flushQuote()
            output.append(block(line, trimmed: trimmed))
        }
        flushQuote()
        if let open = fence { output.append(codeBlock(open.lines, language: open.language)) }
        return output.joined(separator: "\n")
    }

    /// A line outside code blocks and quotes: a heading, a list item or a paragraph line.
    private static func block(_ line: Substring, trimmed: Substring) -> String {
        let hashes = trimmed.prefix { $0 == "#" }
        if (1...6).contains(hashes.count), trimmed.dropFirst(hashes.count).first == " " {
            return "<b>" + inline(trimmed.dropFirst(hashes.count).trimmingSpaces) + "</b>"
        }
        if let bullet = trimmed.first, "-*+".contains(bullet), trimmed.dropFirst().first == " " {
            let indent = String(repeating: " ", count: line.count - trimmed.count)
            return indent + "• " + inline(trimmed.dropFirst(2))
        }
        return inline(line)
    }

    private static func fenceMarker(_ line: Substring) -> String? {
        for marker in ["```", "~~~"] where line.hasPrefix(marker) { return marker }
        return nil
    }

    private static func codeBlock(_ lines: [String], language: String) -> String {
        let code = escape(lines.joined(separator: "\n"))
        let safeLanguage = language.filter { $0.isLetter || $0.isNumber || "+-#_".contains($0) }
        return safeLanguage.isEmpty ? "<pre>\(code)</pre>" : "<pre><code class=\"language-\(safeLanguage)\">\(code)</code></pre>"
    }

    // MARK: Inline

    /// Delimited spans, longest delimiters first, and the tag each becomes.
    private static let spans: [(delimiter: String, tag: String)] = [("**", "b"), ("__", "b"), ("~~", "s"), ("*", "i"), ("_", "i")]

    /// One line's inline Markdown as HTML.
    static func inline(_ text: Substring) -> String {
        let characters = Array(text)
        var html = ""
        var index = 0
        scanning: while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\" where index + 1 < characters.count && characters[index + 1].isPunctuationOrSymbol:
                html += escape(String(characters[index + 1]))
                index += 2
                continue scanning
            case "`":
                if let (code, end) = codeSpan(characters, at: index) {
                    html += "<code>" + escape(code) + "</code>"
                    index = end
                    continue scanning
                }
            case "[":
                if let (label, url, end) = link(characters, at: index) {
                    html += "<a href=\"" + escape(url, quotes: true) + "\">" + inline(Substring(label)) + "</a>"
                    index = end
                    continue scanning
                }
            case "*", "_", "~":
                for (delimiter, tag) in spans where matches(delimiter, characters, at: index) {
                    if let close = closingDelimiter(delimiter, characters, openingAt: index) {
                        let inner = String(characters[(index + delimiter.count)..<close])
                        html += "<\(tag)>" + inline(Substring(inner)) + "</\(tag)>"
                        index = close + delimiter.count
                        continue scanning
                    }
                }
            default:
                break
            }
            html += escape(String(character))
            index += 1
        }
        return html
    }

    private static func matches(_ delimiter: String, _ characters: [Character], at index: Int) -> Bool {
        let marks = Array(delimiter)
        guard index + marks.count <= characters.count else { return false }
        return Array(characters[index..<(index + marks.count)]) == marks
    }

    /// Where the span opened by `delimiter` at `start` closes, if it is a span at all:
    /// it opens before a non-space, closes after one, and `_` only at word edges.
    private static func closingDelimiter(_ delimiter: String, _ characters: [Character], openingAt start: Int) -> Int? {
        let width = delimiter.count
        let first = start + width
        guard first < characters.count, !characters[first].isWhitespace, characters[first] != delimiter.first else { return nil }
        let wordBound = delimiter.first == "_"
        if wordBound, start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber { return nil }
        var index = first + 1
        while index + width <= characters.count {
            if characters[index] == "\\", index + 1 < characters.count, characters[index + 1].isPunctuationOrSymbol {
                index += 2  // an escaped mark does not close the span
                continue
            }
            // A closer follows text, not a space or another of its marks (`*a **b** c*`).
            if matches(delimiter, characters, at: index), !characters[index - 1].isWhitespace, characters[index - 1] != delimiter.first {
                let after = index + width
                let followedByMark = after < characters.count && characters[after] == delimiter.first
                let followedByWord = after < characters.count && (characters[after].isLetter || characters[after].isNumber)
                if !followedByMark, !(wordBound && followedByWord) { return index }
            }
            if characters[index] == "`", let (_, end) = codeSpan(characters, at: index) {
                index = end  // a delimiter inside code does not close the span
                continue
            }
            index += 1
        }
        return nil
    }

    /// `code` at `start`: its text and the index after the closing backticks.
    private static func codeSpan(_ characters: [Character], at start: Int) -> (String, Int)? {
        let ticks = characters[start...].prefix { $0 == "`" }.count
        var index = start + ticks
        while index < characters.count {
            let run = characters[index...].prefix { $0 == "`" }.count
            if run == ticks {
                let code = String(characters[(start + ticks)..<index])
                return code.isEmpty ? nil : (code, index + run)
            }
            index += max(run, 1)
        }
        return nil
    }

    /// [label](url) at `start`, for web, mail and Telegram URLs.
    private static func link(_ characters: [Character], at start: Int) -> (String, String, Int)? {
        guard let labelEnd = characters[start...].firstIndex(of: "]"), labelEnd > start + 1,
              labelEnd + 1 < characters.count, characters[labelEnd + 1] == "(",
              let urlEnd = closingParenthesis(characters, after: labelEnd + 1)
        else { return nil }
        let url = String(characters[(labelEnd + 2)..<urlEnd])
        let lowered = url.lowercased()
        guard ["http://", "https://", "tg://", "mailto:"].contains(where: lowered.hasPrefix), !url.contains(where: \.isWhitespace) else { return nil }
        return (String(characters[(start + 1)..<labelEnd]), url, urlEnd + 1)
    }

    /// The `)` that closes the `(` at `open`, counting nested pairs as URLs may hold
    /// them (`https://en.wikipedia.org/wiki/Swift_(programming_language)`).
    private static func closingParenthesis(_ characters: [Character], after open: Int) -> Int? {
        var depth = 0
        for index in (open + 1)..<characters.count {
            switch characters[index] {
            case "(": depth += 1
            case ")" where depth == 0: return index
            case ")": depth -= 1
            default: continue
            }
        }
        return nil
    }

    /// `&`, `<` and `>` as entities (and `"` inside attributes).
    static func escape(_ text: String, quotes: Bool = false) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where quotes: escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

extension Character {
    /// ASCII punctuation and symbols, which a backslash makes literal in Markdown.
    fileprivate var isPunctuationOrSymbol: Bool {
        isASCII && (isPunctuation || isSymbol)
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return self[first...last]
    }
}
