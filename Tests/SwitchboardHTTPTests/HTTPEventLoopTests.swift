import Foundation
import SwitchboardHTTP
import SwitchboardTestSupport
import Testing

/// Every transfer runs on one libcurl event loop thread, however many there are.
@Suite("HTTPClient event loop", .timeLimit(.minutes(2)))
struct HTTPEventLoopTests {
    /// The loop thread's name.
    static let loopThreadName = "sb-curl-loop"
    /// Where the requests are sent from: the threads they start inherit its name.
    static let requester = ThreadExecutor(name: "sb-requester")

    @Test func concurrentLongPollsStartNoThreads() async throws {
        let count = 50
        let routes = Dictionary(uniqueKeysWithValues: (0..<count).map { ("/poll/\($0)", ScriptedResponse.stall) })
        let server = try TestHTTPServer(routes: routes)
        defer { server.stop() }
        let client = loopbackClient()

        var polls: [Task<HTTPClientError.Code?, Never>] = []
        // In batches that the server's listen backlog (16) takes without dropping
        // connections, which would cost seconds of retries.
        for batch in stride(from: 0, to: count, by: 10) {
            let indices = batch..<batch + 10
            polls += indices.map { index in
                let request = HTTPRequest(url: server.baseURL + "/poll/\(index)", timeout: .seconds(90))
                return Task(executorPreference: Self.requester) { await failureCode(of: request, client: client) }
            }
            for index in indices {
                _ = await server.firstRequest(to: "/poll/\(index)")
            }
        }
        let threads = try threadNames()

        #expect(threads.filter { $0 == Self.loopThreadName }.count == 1)
        // The requester's own thread, and none that the requests started (a thread per
        // request would add `count`).
        #expect(threads.filter { $0 == "sb-requester" }.count == 1)

        polls.forEach { $0.cancel() }
        for poll in polls {
            #expect(await poll.value == .cancelled)
        }
        for index in 0..<count {
            await server.connectionClosed(afterRequestTo: "/poll/\(index)")
        }
    }

    @Test func cancellingAsResponsesArriveEndsEveryRequest() async throws {
        let count = 100
        let routes = Dictionary(uniqueKeysWithValues: (0..<count).map {
            ("/reply/\($0)", ScriptedResponse.reply(status: 200, body: Array("done".utf8)))
        })
        let server = try TestHTTPServer(routes: routes)
        defer { server.stop() }
        let client = loopbackClient()

        let requests = (0..<count).map { index in
            Task { await failureCode(of: HTTPRequest(url: server.baseURL + "/reply/\(index)"), client: client) }
        }
        // Each cancellation lands while its response is on the way.
        for (index, request) in requests.enumerated() {
            _ = await server.firstRequest(to: "/reply/\(index)")
            request.cancel()
        }

        for request in requests {
            let code = await request.value
            #expect(code == nil || code == .cancelled)
        }
    }

    /// The code of the error `request` fails with; nil when it succeeds.
    private func failureCode(of request: HTTPRequest, client: HTTPClient) async -> HTTPClientError.Code? {
        do {
            _ = try await client.execute(request)
            return nil
        } catch {
            return error.code
        }
    }

    /// The names of this process's threads, as the kernel shows them.
    private func threadNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { thread in
            // A thread may end between the listing and the reading.
            try? String(contentsOfFile: "/proc/self/task/\(thread)/comm", encoding: .utf8)
                .trimmingCharacters(in: .newlines)
        }
    }
}
