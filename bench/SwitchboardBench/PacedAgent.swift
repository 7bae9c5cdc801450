import Foundation
import Hummingbird
import NIOCore
import SwitchboardSimulator

/// An agent server for the host's `http` agent type: each turn POSTed to `/turn` is
/// answered with the same text, streamed as NDJSON `text` events at a steady pace, one
/// token each, then `done`, as a language model streams tokens.
struct PacedAgent: PlatformSimulator {
    static let name = "paced-agent"

    /// The answer's pieces, in order: words with their spaces, a paragraph break after
    /// every hundredth, and "END." last.
    let tokens: [String]
    /// The time from one token to the next.
    let interval: Duration

    init(tokens count: Int, perSecond rate: Int) {
        let words = ["the", "agent", "writes", "a", "long", "answer", "token", "by", "token", "and", "each", "piece",
                     "shows", "up", "as", "soon", "as", "the", "platform", "allows"]
        tokens = (0..<count).map { index in
            if index == count - 1 { return "END." }
            return words[index % words.count] + (index % 100 == 99 ? ".\n\n" : " ")
        }
        interval = .seconds(1) / rate
    }

    /// The whole answer.
    var answer: String { tokens.joined() }

    /// The text users are meant to see at the end: "END." is the last token.
    static let endMarker = "END."

    func addRoutes(to router: Router<SimulatorContext>) {
        router.post("turn") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: ResponseBody { writer in
                let start = ContinuousClock.now
                for (index, token) in tokens.enumerated() {
                    // Deadlines from the start, so the pace does not drift.
                    try await Task.sleep(until: start + interval * index, clock: .continuous)
                    try await writer.write(ByteBuffer(bytes: Self.event(type: "text", text: token)))
                }
                try await writer.write(ByteBuffer(bytes: Self.event(type: "done", text: "")))
                try await writer.finish(nil)
            })
        }
    }

    private static func event(type: String, text: String) -> Data {
        var line = (try? JSONSerialization.data(withJSONObject: ["type": type, "text": text])) ?? Data()
        line.append(0x0A)
        return line
    }
}
