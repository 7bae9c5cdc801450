import Foundation
import SwitchboardHTTP
import Testing
@testable import SwitchboardHost

/// The bundled WebChat provider over real HTTP on loopback, as the page speaks to it:
/// the page and its files, the event stream, messages, sessions, the access token, bad
/// input. The browser itself is driven in `WebChatBrowserTests`.
@Suite(.timeLimit(.minutes(2))) struct WebChatTests {
    @Test func pageComesWithASessionCookieAndAStrictPolicy() async throws {
        let chat = try await WebChatHarness(settings: "{title: \"Help <desk>\"}")
        let page = try await chat.client.execute(HTTPRequest(url: chat.pageURL))
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        let policy = try #require(page.header("Content-Security-Policy"))
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
        let cookie = try #require(page.header("Set-Cookie"))
        #expect(cookie.hasPrefix("sbwc_session="))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        #expect(cookie.contains("Path=/hooks/web;"), "no trailing slash: the cookie also reaches the URL without one")
        let document = String(decoding: page.body, as: UTF8.self)
        #expect(document.contains("<base href=\"/hooks/web/\">"))
        #expect(document.contains("Help &lt;desk&gt;"), "the title is escaped")
        #expect(!document.contains("http://") && !document.contains("https://"), "no external assets")

        for (file, type) in [("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8"), ("icon.svg", "image/svg+xml")] {
            let asset = try await chat.client.execute(HTTPRequest(url: chat.pageURL + file))
            #expect(asset.status == 200 && asset.header("Content-Type") == type && !asset.body.isEmpty, "\(file)")
        }
        let again = try await chat.client.execute(HTTPRequest(url: String(chat.pageURL.dropLast()), headers: [("Cookie", String(cookie.prefix { $0 != ";" }))]))
        #expect(again.status == 200 && again.header("Set-Cookie") == nil, "a browser with a session keeps it, with or without the slash")
        await chat.shutdown()
    }

    @Test func replyStreamsInOverTheEventStream() async throws {
        let chat = try await WebChatHarness()
        let cookie = try await chat.newSession()
        let events = try await chat.events(cookie: cookie)
        let replay = try await events.events { $0.name == "synced" }
        #expect(replay.count == 1 && replay[0].seq == 0, "a new session has an empty transcript")

        let posted = try await chat.post("streamed word by word to the page", id: "first-message", cookie: cookie)
        #expect(posted.status == 202)
        let seen = try await events.events { $0.role == "bot" && $0.state == "done" }
        let user = seen.filter { $0.messageID == "first-message" }
        #expect(user.map(\.state) == ["sending", "sent"])
        #expect(user.last?.text == "streamed word by word to the page")
        let bot = seen.filter { $0.role == "bot" }
        let updates = bot.filter { $0.state == "streaming" && !($0.text ?? "").isEmpty }
        #expect(updates.count >= 2, "the reply arrived in pieces: \(bot.map { $0.text ?? "" })")
        #expect(Set(bot.compactMap(\.messageID)).count == 1, "one message, updated in place")
        #expect(bot.last?.text == "streamed word by word to the page")
        #expect(seen.contains { $0.name == "typing" }, "the page is told the agent works")
        let seqs = seen.compactMap(\.id)
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count, "change counters only grow")
        await chat.shutdown()
    }

    @Test func reconnectingPageGetsOnlyWhatChangedSinceItsLastEvent() async throws {
        let chat = try await WebChatHarness()
        let cookie = try await chat.newSession()
        let live = try await chat.events(cookie: cookie)
        _ = try await live.events { $0.name == "synced" }
        _ = try await chat.post("one", id: "message-one", cookie: cookie)
        let first = try await live.events { $0.role == "bot" && $0.state == "done" }
        let lastSeen = try #require(first.last?.id)
        _ = try await chat.post("two", id: "message-two", cookie: cookie)
        _ = try await live.events { $0.role == "bot" && $0.state == "done" }

        for resumed in [try await chat.events(cookie: cookie, after: lastSeen), try await chat.events(cookie: cookie, lastEventID: lastSeen)] {
            let replay = try await resumed.events { $0.name == "synced" }.filter { $0.name == "message" }
            #expect(replay.first?.messageID == "message-two")
            #expect(replay.map(\.text) == ["two", "two"], "message two and its answer, each in its final state")
            #expect(replay.allSatisfy { ($0.id ?? 0) > lastSeen })
        }
        let full = try await chat.events(cookie: cookie, after: 1_000_000)
        let everything = try await full.events { $0.name == "synced" }.filter { $0.name == "message" }
        #expect(everything.count == 4, "a page ahead of the transcript gets all of it")
        await chat.shutdown()
    }

    @Test func conversationSurvivesAHostRestart() async throws {
        let chat = try await WebChatHarness()
        let cookie = try await chat.newSession()
        let live = try await chat.events(cookie: cookie)
        _ = try await live.events { $0.name == "synced" }
        _ = try await chat.post("remember me", id: "before-restart", cookie: cookie)
        _ = try await live.events { $0.role == "bot" && $0.state == "done" }

        try await chat.restart()
        let resumed = try await chat.events(cookie: cookie)
        let replay = try await resumed.events { $0.name == "synced" }.filter { $0.name == "message" }
        #expect(replay.map(\.text) == ["remember me", "remember me"])
        #expect(replay.map(\.state) == ["sent", "done"])
        _ = try await chat.post("and after", id: "after-restart", cookie: cookie)
        let answered = try await resumed.events { $0.role == "bot" && $0.state == "done" }
        #expect(answered.last?.text == "and after")
        await chat.shutdown()
    }

    @Test func eachBrowserSessionIsItsOwnChat() async throws {
        let chat = try await WebChatHarness()
        let handled = chat.host.handledMessages()
        let alice = try await chat.newSession(), bob = try await chat.newSession()
        #expect(alice != bob)
        _ = try await chat.post("from alice", id: "alice-message", cookie: alice)
        _ = try await chat.post("from bob", id: "bob-message", cookie: bob)
        var chats: [String: String] = [:]
        for await message in handled {
            let parts = message.messageID.split(separator: ":")
            chats[String(parts[1])] = String(parts[0])
            if chats.count == 2 { break }
        }
        let expected = try [alice, bob].map { cookie in
            "web-" + (try sha256Hex("switchboard-webchat/session/" + cookie.dropFirst("sbwc_session=".count))).prefix(24)
        }
        #expect(chats["alice-message"] == expected[0] && chats["bob-message"] == expected[1],
                "the chat id is derived from the session secret, which is kept nowhere")

        let bobsView = try await chat.events(cookie: bob)
        let replay = try await bobsView.events { $0.name == "synced" }
        #expect(!replay.contains { $0.messageID == "alice-message" })
        await chat.shutdown()
    }

    @Test func badRequestsGetClearAnswers() async throws {
        let chat = try await WebChatHarness(settings: "{max_message_length: 10}")
        let cookie = try await chat.newSession()
        func error(_ response: HTTPResponse) -> String {
            ((try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: String])?["error"] ?? ""
        }

        let noSession = try await chat.client.execute(HTTPRequest(method: "POST", url: chat.pageURL + "messages",
                                                                  headers: [("Content-Type", "application/json")], body: Array("{}".utf8)))
        #expect(noSession.status == 401 && error(noSession).contains("reload"))
        let formPost = try await chat.post("hi", cookie: cookie, headers: [("Content-Type", "application/x-www-form-urlencoded")])
        #expect(formPost.status == 415)
        let notJSON = try await chat.client.execute(HTTPRequest(method: "POST", url: chat.pageURL + "messages",
                                                               headers: [("Content-Type", "application/json"), ("Cookie", cookie)],
                                                               body: Array("{\"text\": 5".utf8)))
        #expect(notJSON.status == 400)
        #expect(try await chat.post("hi", id: "bad id!", cookie: cookie).status == 400)
        #expect(try await chat.post("  \n ", cookie: cookie).status == 400)
        let tooLong = try await chat.post("eleven char", cookie: cookie)
        #expect(tooLong.status == 413 && error(tooLong).contains("10 characters"))
        let crossSite = try await chat.post("hi", cookie: cookie, headers: [("Content-Type", "application/json"), ("Origin", "https://evil.example")])
        #expect(crossSite.status == 403)
        let fetchCrossSite = try await chat.post("hi", cookie: cookie, headers: [("Content-Type", "application/json"), ("Sec-Fetch-Site", "cross-site")])
        #expect(fetchCrossSite.status == 403)
        #expect(try await chat.client.execute(HTTPRequest(url: chat.pageURL + "nothing-here")).status == 404)
        let wrongMethod = try await chat.client.execute(HTTPRequest(method: "DELETE", url: chat.pageURL + "messages"))
        #expect(wrongMethod.status == 405 && wrongMethod.header("Allow") == "POST")
        let forged = try await chat.client.execute(HTTPRequest(url: chat.pageURL + "events", headers: [("Cookie", "sbwc_session=zz")]))
        #expect(forged.status == 401, "a malformed session is no session")

        let port = chat.pageURL.split(separator: ":")[2].prefix { $0.isNumber }
        let rebound = try await chat.client.execute(HTTPRequest(url: chat.pageURL, headers: [("Host", "attacker.example:\(port)")]))
        #expect(rebound.status == 421, "a foreign host name pointed at loopback (DNS rebinding) gets no page")
        let byName = try await chat.client.execute(HTTPRequest(url: chat.pageURL, headers: [("Host", "localhost:\(port)")]))
        #expect(byName.status == 200)

        let accepted = try await chat.post("fine", cookie: cookie)
        #expect(accepted.status == 202, "the channel still serves after all that")
        await chat.shutdown()
    }

    @Test func accessTokenGuardsThePage() async throws {
        let chat = try await WebChatHarness(settings: "{access_token: \"open sesame\"}")
        let login = try await chat.client.execute(HTTPRequest(url: chat.pageURL))
        let loginPage = String(decoding: login.body, as: UTF8.self)
        #expect(login.status == 200 && loginPage.contains("name=\"token\"") && login.header("Set-Cookie") == nil)
        #expect(try await chat.client.execute(HTTPRequest(url: chat.pageURL + "events")).status == 401)

        let form = [("Content-Type", "application/x-www-form-urlencoded")]
        let wrong = try await chat.client.execute(HTTPRequest(method: "POST", url: chat.pageURL + "login", headers: form,
                                                             body: Array("token=open+sesam".utf8)))
        #expect(wrong.status == 401 && String(decoding: wrong.body, as: UTF8.self).contains("not right"))
        let right = try await chat.client.execute(HTTPRequest(method: "POST", url: chat.pageURL + "login", headers: form,
                                                             body: Array("token=open+sesame".utf8)))
        #expect(right.status == 303 && right.header("Location") == "/hooks/web/")
        let cookies = right.headers.filter { $0.name.lowercased() == "set-cookie" }.map { String($0.value.prefix { $0 != ";" }) }
        #expect(cookies.count == 2 && !cookies.joined().contains("open"), "the token itself is not stored in the browser")
        let admitted = try await chat.client.execute(HTTPRequest(url: chat.pageURL, headers: [("Cookie", cookies.joined(separator: "; "))]))
        #expect(String(decoding: admitted.body, as: UTF8.self).contains("id=\"composer\""))
        let session = cookies.first { $0.hasPrefix("sbwc_session") } ?? ""
        let bearer = try await chat.post("hi", cookie: session, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer open sesame")])
        #expect(bearer.status == 401, "no way around the slowed-down login")
        #expect(try await chat.post("hi", cookie: cookies.joined(separator: "; ")).status == 202)
        await chat.shutdown()
    }

    @Test func pageReachableBeyondLoopbackNeedsAToken() async throws {
        let chat = try await WebChatHarness(hostSection: ", ingress_public_url: \"https://chat.example.com\"", waitForConnection: false)
        let status = try await chat.settledStatus()
        #expect(status.state == .failed)
        #expect(status.lastError?.message.contains("settings.access_token") == true, "\(String(describing: status.lastError))")
        await chat.shutdown()
    }
}

/// SHA-256 of `text` as hex, by the system's sha256sum: an implementation that is not ours.
private func sha256Hex(_ text: some StringProtocol) throws -> String {
    let folder = try TemporaryFolder()
    let output = try run("/usr/bin/sha256sum", [try folder.write("input", String(text))])
    return String(output.standardOutput.prefix(64))
}
