import Foundation
import SwitchboardHTTP
import SwitchboardSimulator
import Testing

/// parse_mode HTML, MarkdownV2 and Markdown, as sendMessage reads them: the text users
/// see, entities in UTF-16 code units, and Telegram's parse errors.
@Suite(.timeLimit(.minutes(2))) struct TelegramFormattingTests {
    /// sendMessage's answer to `text` in `parseMode`.
    private func send(_ text: String, parseMode: String) async throws -> HTTPResponse {
        var answer: HTTPResponse?
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("hello", from: .alice, in: .aliceChat)
            answer = try await server.bot("sendMessage", ["chat_id": 1001, "text": text, "parse_mode": parseMode])
        }
        return try #require(answer)
    }

    /// The text users see and the entities ("type offset length [url|language]") `text` becomes.
    private func parsed(_ text: String, parseMode: String) async throws -> (String, [String]) {
        let message = try await send(text, parseMode: parseMode).resultObject
        return (message["text"] as? String ?? "", entities(message["entities"] as? [[String: Any]] ?? []))
    }

    /// The description of the refusal of `text`.
    private func refusal(_ text: String, parseMode: String) async throws -> String? {
        let answer = try await send(text, parseMode: parseMode)
        #expect(answer.status == 400)
        return answer.apiDescription
    }

    private func entities(_ entities: [[String: Any]]) -> [String] {
        entities.map { "\($0["type"]!) \($0["offset"]!) \($0["length"]!)" + (($0["url"] ?? $0["language"]).map { " \($0)" } ?? "") }
    }

    @Test func htmlEntitiesCountUTF16CodeUnits() async throws {
        let (text, found) = try await parsed("😀 <b>bold <i>both</i></b> &lt;&amp;&gt; <a href=\"https://x.org/?a=1&amp;b\">link</a>", parseMode: "HTML")
        #expect(text == "😀 bold both <&> link")
        #expect(found == ["bold 3 9", "italic 8 4", "text_link 17 4 https://x.org/?a=1&b"])
    }

    @Test func htmlPreWithALanguageSpoilersAndBlockquotes() async throws {
        let html = #"<pre><code class="language-swift">let x = 1</code></pre><tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span><blockquote expandable>q</blockquote>&#x1F600;&#33;"#
        let (text, found) = try await parsed(html, parseMode: "html")
        #expect(text == "let x = 1stq😀!")
        #expect(found == ["pre 0 9 swift", "spoiler 9 1", "spoiler 10 1", "expandable_blockquote 11 1"])
    }

    @Test(arguments: [
        ("a <x>b</x>", #"Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 2"#),
        ("😀<b>a", #"Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b""#),
        ("<b>a</i>", #"Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>""#),
        ("a</b>", "Bad Request: can't parse entities: Unexpected end tag at byte offset 1"),
        ("<span>a</span>", #"Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0"#),
    ])
    func htmlErrorsAreTelegrams(html: String, description: String) async throws {
        #expect(try await refusal(html, parseMode: "HTML") == description)
    }

    @Test func markdownV2EntitiesAndEscapes() async throws {
        let markdown = #"*bold _both_* __under__ ~strike~ ||spoiler|| `co\`de` [link](https://x.org/a\)b) 1\.0\!"#
        let (text, found) = try await parsed(markdown, parseMode: "MarkdownV2")
        #expect(text == "bold both under strike spoiler co`de link 1.0!")
        #expect(found == [
            "bold 0 9", "italic 5 4", "underline 10 5", "strikethrough 16 6", "spoiler 23 7", "code 31 5",
            "text_link 37 4 https://x.org/a)b",
        ])
    }

    @Test func markdownV2PreAndBlockquote() async throws {
        let (text, found) = try await parsed("```python\nprint(1)\n```\n>quoted\n>lines\nafter", parseMode: "MarkdownV2")
        #expect(text == "print(1)\n\nquoted\nlines\nafter")
        #expect(found == ["pre 0 9 python", "blockquote 10 13"])
    }

    @Test(arguments: [
        ("Version 1.0", #"Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'"#),
        ("😀 *bold", "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 5"),
        ("`code", "Bad Request: can't parse entities: Can't find end of Code entity at byte offset 0"),
        ("[a](https://x.org", "Bad Request: can't parse entities: Can't find end of a URL at byte offset 4"),
    ])
    func markdownV2ErrorsAreTelegrams(markdown: String, description: String) async throws {
        #expect(try await refusal(markdown, parseMode: "MarkdownV2") == description)
    }

    @Test func legacyMarkdown() async throws {
        let (text, found) = try await parsed("*b* _i_ `c` [l](https://x.org) 1.0 \\_", parseMode: "Markdown")
        #expect(text == "b i c l 1.0 _")
        #expect(found == ["bold 0 1", "italic 2 1", "code 4 1", "text_link 6 1 https://x.org"])
        #expect(try await refusal("*open", parseMode: "Markdown")
            == "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 0")
    }

    @Test func entitiesGivenAreKeptAsGiven() async throws {
        try await withTelegramSimulator { server, telegram async throws in
            await telegram.userSends("hello", from: .alice, in: .aliceChat)
            let entities = #"[{"type":"bold","offset":0,"length":2}]"#
            let answer = try await server.bot("sendMessage", ["chat_id": 1001, "text": "<b>", "entities": entities])
            let message = try answer.resultObject
            #expect(message["text"] as? String == "<b>")
            #expect(self.entities(message["entities"] as? [[String: Any]] ?? []) == ["bold 0 2"])
        }
    }

    @Test func usersMessagesGetCommandMentionAndURLEntities() async throws {
        try await withTelegramSimulator { _, telegram async throws in
            let message = await telegram.userSends("/start@switchboard_test_bot hi @bobby see https://x.org/p?q=1 😀 @bob", from: .alice, in: .team)
            #expect(message.entities == [
                TelegramEntity(type: "bot_command", offset: 0, length: 27),
                TelegramEntity(type: "mention", offset: 31, length: 6),
                TelegramEntity(type: "url", offset: 42, length: 19),
                TelegramEntity(type: "mention", offset: 65, length: 4),
            ])
        }
    }
}
