import Foundation
import Testing
@testable import SwitchboardHost

/// The WebChat page in headless Chromium, driven like a person would: open it, send a
/// message, watch the echo agent's reply stream in, run /new, reload, restart the host.
/// Screenshots are kept in `.build/test-output/webchat/`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct WebChatBrowserTests {
    /// Where the screenshots go.
    static let outputFolder = Paths.packageRoot + "/.build/test-output/webchat"

    /// The messages shown, as "role:state:text" lines.
    private static let transcript = """
    Array.from(document.querySelectorAll('#messages li.message')).map(li =>
      li.dataset.role + ':' + li.dataset.state + ':' + li.querySelector('.text').textContent.trim())
    """

    private static func botMessages(_ state: String = "done") -> String {
        "document.querySelectorAll('#messages li.message[data-role=bot][data-state=\(state)]').length"
    }

    @Test func personChatsReloadsAndFindsTheConversation() async throws {
        try FileManager.default.createDirectory(atPath: Self.outputFolder, withIntermediateDirectories: true)
        let chat = try await WebChatHarness()
        try await WebDriver.withBrowser { browser in
            try await chatReloadAndRestart(chat, browser)
        }
        await chat.shutdown()
    }

    private func chatReloadAndRestart(_ chat: WebChatHarness, _ browser: WebDriver) async throws {

        try await browser.open(chat.pageURL)
        try await browser.wait(until: "document.body.dataset.synced === 'true' && document.querySelector('#status').dataset.state === 'connected'")
        #expect(try await browser.run("return document.querySelectorAll('#messages li.message').length") as? Int == 0)

        // A message, and the reply streaming in: several updates of one message.
        let greeting = "Hello from a real browser, please stream this reply word by word"
        try await browser.type(greeting + "\u{E007}", into: "#input")  // Enter sends
        let updates = try await browser.wait(
            until: "\(Self.botMessages()) === 1",
            returning: "Number(document.querySelector('#messages li.message[data-role=bot]').dataset.updates)"
        ) as? Int
        #expect((updates ?? 0) >= 3, "the reply streamed in: \(String(describing: updates)) updates")
        #expect(try await browser.run("return \(Self.transcript)") as? [String] == ["user:sent:" + greeting, "bot:done:" + greeting])
        #expect(try await browser.run("return document.querySelector('#input').value") as? String == "", "the composer was cleared")

        // A command, answered like any message.
        try await browser.type("/new", into: "#input")
        try await browser.click("#send")
        try await browser.wait(until: "\(Self.botMessages()) === 2")
        let shown = try #require(try await browser.run("return \(Self.transcript)") as? [String])
        #expect(shown.count == 4 && shown[2] == "user:sent:/new" && shown[3].hasPrefix("bot:done:") && shown[3].count > "bot:done:".count)
        try await browser.screenshot().write(to: URL(fileURLWithPath: Self.outputFolder + "/chat-desktop.png"))

        // A reload finds the conversation as it was.
        try await browser.reload()
        try await browser.wait(until: "document.body.dataset.synced === 'true'")
        #expect(try await browser.run("return \(Self.transcript)") as? [String] == shown)

        // The host restarts: the page reconnects by itself and goes on.
        try await chat.restart()
        try await browser.wait(until: "document.querySelector('#status').dataset.state === 'connected'")
        try await browser.type("still there?\u{E007}", into: "#input")
        try await browser.wait(until: "\(Self.botMessages()) === 3")
        let afterRestart = try #require(try await browser.run("return \(Self.transcript)") as? [String])
        #expect(Array(afterRestart.prefix(4)) == shown, "nothing was lost")
        #expect(Array(afterRestart.suffix(2)) == ["user:sent:still there?", "bot:done:still there?"])

        // Readable on a phone.
        try await browser.resize(width: 390, height: 844)
        let fits = try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool
        #expect(fits == true, "no sideways scrolling at phone width")
        try await browser.screenshot().write(to: URL(fileURLWithPath: Self.outputFolder + "/chat-phone.png"))

        #expect(try await browser.consoleErrors() == [], "no script errors or policy violations")
    }
}
