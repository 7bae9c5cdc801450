import SwitchboardTestSupport
import SwitchboardHTTP
import Testing

@Suite("HTTPClient exchanges")
struct HTTPClientTests {
    let client = loopbackClient()

    @Test func getSendsHeadersAndReturnsStatusHeadersAndBody() async throws {
        let server = try TestHTTPServer(routes: [
            "/hello": .reply(status: 201, headers: [(name: "X-Reply", value: "yes"), (name: "X-Empty", value: "")],
                             body: Array("hi there".utf8)),
        ])
        defer { server.stop() }

        let response = try await client.execute(HTTPRequest(
            url: server.baseURL + "/hello?x=1",
            headers: [(name: "X-Token", value: "abc"), (name: "X-Blank", value: "")]
        ))

        #expect(response.status == 201)
        #expect(response.body == Array("hi there".utf8))
        #expect(response.header("x-reply") == "yes")
        #expect(response.header("X-EMPTY") == "")
        #expect(response.header("Content-Length") == "8")
        #expect(response.header("X-Missing") == nil)
        let received = try #require(server.received.first)
        #expect(received.method == "GET")
        #expect(received.target == "/hello?x=1")
        #expect(received.header("X-Token") == "abc")
        #expect(received.header("X-Blank") == "")
        #expect(received.body.isEmpty)
    }

    @Test func postSendsBodyAsGiven() async throws {
        let server = try TestHTTPServer(routes: ["/submit": .reply(status: 200)])
        defer { server.stop() }
        let body = Array(0...255).map(UInt8.init) + Array(repeating: 0x41, count: 4096)

        let response = try await client.execute(HTTPRequest(
            method: "POST", url: server.baseURL + "/submit",
            headers: [(name: "Content-Type", value: "application/octet-stream")], body: body
        ))

        #expect(response.status == 200)
        let received = try #require(server.received.first)
        #expect(received.method == "POST")
        #expect(received.body == body)
        #expect(received.header("Content-Type") == "application/octet-stream")
        #expect(received.header("Content-Length") == "\(body.count)")
        #expect(received.header("Expect") == nil)
    }

    @Test(arguments: [("DELETE", ""), ("PUT", "new"), ("PATCH", "change"), ("POST", "")])
    func otherMethodsArriveAsNamed(method: String, body: String) async throws {
        let server = try TestHTTPServer(routes: ["/item": .reply(status: 204)])
        defer { server.stop() }

        let response = try await client.execute(HTTPRequest(method: method, url: server.baseURL + "/item", body: Array(body.utf8)))

        #expect(response.status == 204)
        let received = try #require(server.received.first)
        #expect(received.method == method)
        #expect(received.body == Array(body.utf8))
        #expect(received.header("Content-Type") == nil)
    }

    @Test func redirectIsReturnedNotFollowed() async throws {
        let server = try TestHTTPServer(routes: [
            "/old": .reply(status: 302, headers: [(name: "Location", value: "/new")]),
            "/new": .reply(status: 200),
        ])
        defer { server.stop() }

        let response = try await client.execute(HTTPRequest(url: server.baseURL + "/old"))

        #expect(response.status == 302)
        #expect(response.header("location") == "/new")
        #expect(server.received.map(\.path) == ["/old"])
    }

    @Test func explicitProxyReceivesTheRequest() async throws {
        let proxy = try TestHTTPServer(routes: ["http://switchboard.invalid/via-proxy": .reply(status: 200)])
        defer { proxy.stop() }

        let response = try await HTTPClient(proxy: proxy.baseURL).execute(HTTPRequest(url: "http://switchboard.invalid/via-proxy"))

        #expect(response.status == 200)
        #expect(proxy.received.first?.header("Host") == "switchboard.invalid")
    }

    @Test func bodyAsLargeAsTheLimitIsAccepted() async throws {
        let server = try TestHTTPServer(routes: ["/big": .reply(status: 200, body: Array(repeating: 7, count: 1000))])
        defer { server.stop() }

        let response = try await loopbackClient(maxResponseBodySize: 1000).execute(HTTPRequest(url: server.baseURL + "/big"))

        #expect(response.body.count == 1000)
    }
}
