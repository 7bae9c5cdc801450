import SwitchboardTestSupport
import Foundation
import SwitchboardCore
import SwitchboardHTTP
import Testing

@Suite("HTTPUserMapper")
struct HTTPUserMapperTests {
    let identity = PlatformIdentity(platform: "telegram", channelID: "main-bot", userID: "42", displayName: "Ada L.")

    @Test func directoryAnswerBecomesTheUser() async throws {
        let server = try TestHTTPServer(routes: ["/map": .reply(status: 200, body: Array("""
            {"username": "ada", "email": "ada@example.com", "display_name": "Ada Lovelace", "auth_source": "ldap"}
            """.utf8))])
        defer { server.stop() }

        let user = try await mapper(for: server).map(identity)

        #expect(user == MappedUser(username: "ada", email: "ada@example.com", displayName: "Ada Lovelace", authSource: "ldap"))
        let received = try #require(server.received.first)
        #expect(received.method == "POST")
        #expect(received.header("Content-Type") == "application/json")
        let query = try #require(JSONSerialization.jsonObject(with: Data(received.body)) as? [String: String])
        #expect(query == ["platform": "telegram", "channel_id": "main-bot", "user_id": "42", "display_name": "Ada L."])
    }

    @Test func minimalAnswerGetsTheDefaultAuthSource() async throws {
        let server = try TestHTTPServer(routes: ["/map": .reply(status: 200, body: Array(#"{"username":"ada"}"#.utf8))])
        defer { server.stop() }

        let user = try await mapper(for: server).map(identity)

        #expect(user == MappedUser(username: "ada", authSource: "http-mapper"))
    }

    @Test func unknownIdentityMapsToNil() async throws {
        let server = try TestHTTPServer(routes: ["/map": .reply(status: 404, body: Array("no such user".utf8))])
        defer { server.stop() }

        let user = try await mapper(for: server).map(identity)

        #expect(user == nil)
    }

    @Test func serverErrorIsReportedWithStatusAndBody() async throws {
        let server = try TestHTTPServer(routes: ["/map": .reply(status: 500, body: Array("directory\nexploded".utf8))])
        defer { server.stop() }

        let description = try await failureDescription(mapping: identity, with: mapper(for: server))

        #expect(description == "user directory at 127.0.0.1:\(server.port) answered HTTP 500: \"directory exploded\"")
    }

    @Test func longBodyIsQuotedShort() async throws {
        let server = try TestHTTPServer(routes: ["/map": .reply(status: 502, body: Array(repeating: UInt8(ascii: "x"), count: 5000))])
        defer { server.stop() }

        let description = try await failureDescription(mapping: identity, with: mapper(for: server))

        #expect(description.hasSuffix("\"" + String(repeating: "x", count: 200) + "…\""))
    }

    @Test(arguments: [
        ("<html>oops</html>", "not JSON"),
        (#"["ada"]"#, "not a JSON object"),
        (#"{"email": "ada@example.com"}"#, #"no "username""#),
        (#"{"username": ""}"#, #""username" is empty"#),
        (#"{"username": 7}"#, #""username" is not a string"#),
    ])
    func unusableAnswerIsReported(body: String, reason: String) async throws {
        let server = try TestHTTPServer(routes: ["/map": .reply(status: 200, body: Array(body.utf8))])
        defer { server.stop() }

        let description = try await failureDescription(mapping: identity, with: mapper(for: server))

        #expect(description.contains("answered HTTP 200 with an unusable body (\(reason))"))
        #expect(description.contains(body))
    }

    @Test func unreachableDirectoryIsReported() async throws {
        let port = try RefusingPort()
        let mapper = HTTPUserMapper(url: "http://127.0.0.1:\(port.port)/map", timeout: .seconds(5), client: loopbackClient())

        let description = try await failureDescription(mapping: identity, with: mapper)

        #expect(description.hasPrefix("user directory unavailable: HTTP request to 127.0.0.1:\(port.port) could not connect"))
    }

    @Test func silentDirectoryTimesOut() async throws {
        let server = try TestHTTPServer(routes: ["/map": .stall])
        defer { server.stop() }
        let mapper = HTTPUserMapper(url: server.baseURL + "/map", timeout: .milliseconds(200), client: loopbackClient())

        let description = try await failureDescription(mapping: identity, with: mapper)

        #expect(description.contains("timed out"))
    }

    @Test func cancelledMappingThrowsCancellationError() async throws {
        let server = try TestHTTPServer(routes: ["/map": .stall])
        defer { server.stop() }
        // A timeout far past any scheduling delay: this is about cancellation, not speed.
        let mapper = HTTPUserMapper(url: server.baseURL + "/map", timeout: .seconds(120), client: loopbackClient())
        let identity = identity
        let task = Task { try await mapper.map(identity) }
        _ = await server.firstRequest(to: "/map")

        task.cancel()

        await #expect(throws: CancellationError.self) { try await task.value }
    }

    private func mapper(for server: TestHTTPServer) -> HTTPUserMapper {
        HTTPUserMapper(url: server.baseURL + "/map", timeout: .seconds(5), client: loopbackClient())
    }

    /// The description of the error mapping `identity` fails with.
    private func failureDescription(mapping identity: PlatformIdentity, with mapper: HTTPUserMapper) async throws -> String {
        do {
            let user = try await mapper.map(identity)
            Issue.record("expected a failure, got \(String(describing: user))")
            return ""
        } catch let error as HTTPUserMapperError {
            return error.description
        }
    }
}
