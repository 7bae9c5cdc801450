import Foundation
import SwitchboardAgents
import SwitchboardCore
import Testing

@Suite("CommandAgent")
final class CommandAgentTests {
    let folder: ScratchFolder

    init() throws {
        folder = try ScratchFolder()
    }

    deinit {
        folder.remove()
    }

    @Test func stdoutLinesBecomeTextWithTheirLineEnds() async throws {
        let agent = try agent(running: #"printf 'one\ntwo\r\nthree'"#)

        let outcome = await outcome(of: agent)

        #expect(outcome.error == nil)
        #expect(outcome.events == [.text("one\n"), .text("two\n"), .text("three")])
    }

    @Test func stdinCarriesTheTurnAsJSON() async throws {
        let agent = try agent(running: "cat")

        let outcome = await outcome(of: agent, turn: sampleTurn(mode: .task))

        let turn = try jsonObject(Array(outcome.text.utf8))
        let message = try #require(turn["message"] as? [String: Any])
        #expect(message["text"] as? String == "What is 2 + 2?")
        #expect(message["id"] as? String == "m-9")
        #expect(message["chat_id"] as? String == "chat-1")
        #expect(message["chat_type"] as? String == "private")
        #expect(message["sender_name"] as? String == "Ada L.")
        #expect(message["timestamp_ms"] as? Int == 1_700_000_000_000)
        #expect(message["reply_to_id"] == nil)
        let user = try #require(turn["user"] as? [String: Any])
        #expect(user["id"] as? Int == 7)
        #expect(user["username"] as? String == "ada")
        #expect(user["display_name"] as? String == "Ada Lovelace")
        let conversation = try #require(turn["conversation"] as? [String: Any])
        #expect(conversation["id"] as? Int == 42)
        #expect(conversation["mode"] as? String == "task")
        #expect(conversation["title"] as? String == "Arithmetic")
        #expect(turn["history"] as? [[String: String]] == [["role": "user", "text": "Hi"], ["role": "assistant", "text": "Hello!"]])
    }

    @Test func largeInputReachesAProgramThatReadsIt() async throws {
        let agent = try agent(running: "wc -c")
        let turn = sampleTurn(text: String(repeating: "long message ", count: 50_000))

        let outcome = await outcome(of: agent, turn: turn)

        #expect(outcome.error == nil)
        #expect(Int(outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 650_000)
    }

    @Test func programThatIgnoresItsInputStillAnswers() async throws {
        let agent = try agent(running: "echo ignoring you")
        let turn = sampleTurn(text: String(repeating: "unread ", count: 100_000))

        let outcome = await outcome(of: agent, turn: turn)

        #expect(outcome.error == nil)
        #expect(outcome.text == "ignoring you\n")
    }

    @Test func failingProgramReportsItsStatusAndStderr() async throws {
        let agent = try agent(running: "echo partial; echo 'fatal: no such repository' >&2; exit 3")

        let outcome = await outcome(of: agent)

        #expect(outcome.events == [.text("partial\n")])
        let error = try #require(outcome.agentError)
        #expect(error.userMessage == "The agent could not answer this message; the operator has been told.")
        #expect(error.detail == "\(folder.path)/agent.sh exited with status 3; stderr: \"fatal: no such repository \"")
    }

    @Test func detailQuotesTheEndOfALongStderr() async throws {
        let agent = try agent(running: "head -c 5000 /dev/zero | tr '\\0' x >&2; echo ' the real error' >&2; exit 1")

        let detail = try #require(await outcome(of: agent).agentError?.detail)

        #expect(detail.hasSuffix(#"; stderr: "…"# + String(repeating: "x", count: 184) + #" the real error ""#))
    }

    @Test func slowProgramIsStoppedAtItsTimeout() async throws {
        let agent = try agent(running: "echo working; sleep 30", timeout: .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now

        let outcome = await outcome(of: agent)

        #expect(clock.now - start < .seconds(20), "stopped by the timeout, not by finishing its 30 s sleep")
        #expect(outcome.events == [.text("working\n")])
        let error = try #require(outcome.agentError)
        #expect(error.userMessage == "The agent took too long to answer; please try again shortly.")
        #expect(error.detail.contains("ran past its timeout of 0.3 seconds and was stopped"))
    }

    @Test func programThatIgnoresSIGTERMIsKilled() async throws {
        let agent = try agent(running: "trap '' TERM; while :; do sleep 1; done", timeout: .milliseconds(100))
        let clock = ContinuousClock()
        let start = clock.now

        let outcome = await outcome(of: agent)

        #expect(clock.now - start < .seconds(20), "killed; it would never end by itself")
        #expect(outcome.agentError?.userMessage == "The agent took too long to answer; please try again shortly.")
    }

    @Test func cancellingTheConsumerStopsTheProgramAndWhatItStarted() async throws {
        let lifeline = try Lifeline(in: folder)
        let ended = Task { await lifeline.ended() }
        let agent = CommandAgent(configuration: CommandAgent.Configuration(
            command: try folder.script(#"exec 3>"$1"; echo started; sleep 30"#), arguments: [lifeline.path]
        ))
        await cancelAfterFirstEvent(of: agent)

        #expect(await finishes(within: .seconds(10)) { await ended.value }, "stopped, rather than running its 30 s")
    }

    @Test func runsOfDifferentChatsDoNotWaitForEachOther() async throws {
        let slow = try agent(running: "echo started; sleep 30")
        let fast = try agent(running: "echo quick", named: "fast.sh")
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let slowRun = Task {
            for try await _ in slow.respond(to: sampleTurn()) {
                startedContinuation.yield()
            }
        }
        defer { slowRun.cancel() }
        for await _ in started { break }

        let fastAnswered = await finishes(within: .seconds(10)) {
            #expect(await outcome(of: fast).text == "quick\n")
        }

        #expect(fastAnswered)
    }

    @Test func tasksRunInFoldersOfTheirOwn() async throws {
        let base = folder.path + "/work"
        let agent = try agent(running: "pwd -P", workingDirectory: base)

        let taskRun = await outcome(of: agent, turn: sampleTurn(mode: .task))
        let chatRun = await outcome(of: agent, turn: sampleTurn(mode: .chat))

        #expect(taskRun.text == base + "/task-42\n")
        #expect(chatRun.text == base + "\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: base + "/task-42")[.posixPermissions] as? Int
        #expect(permissions == 0o700)
    }

    @Test func theProgramGetsTheBasicsAndItsOwnVariablesOnly() async throws {
        setenv("SWITCHBOARD_TEST_BOT_TOKEN", "123:do-not-leak", 1)
        let agent = CommandAgent(configuration: CommandAgent.Configuration(
            command: try folder.script(#"echo "$GREETING ${PATH:+with PATH} [${SWITCHBOARD_TEST_BOT_TOKEN}]""#),
            environment: ["GREETING": "hello"]
        ))

        #expect(await outcome(of: agent).text == "hello with PATH []\n", "the host's other variables stay with the host")
    }

    @Test func aHelperLeftHoldingTheOutputDoesNotHoldTheAnswer() async throws {
        let agent = try agent(running: "echo done; sleep 60 &", timeout: .seconds(30))
        let clock = ContinuousClock()
        let start = clock.now

        let outcome = await outcome(of: agent)

        #expect(outcome.text == "done\n")
        #expect(outcome.agentError == nil, "the program itself finished well")
        #expect(clock.now - start < .seconds(20), "the run ended after the grace period, not the helper's 60 s or the 30 s timeout")
    }

    @Test func missingProgramIsReported() async throws {
        let agent = CommandAgent(configuration: CommandAgent.Configuration(command: folder.path + "/missing"))

        let error = try #require(await outcome(of: agent).agentError)

        #expect(error.userMessage == "The agent is unavailable right now; please try again shortly.")
        #expect(error.detail.hasPrefix("could not start \(folder.path)/missing: "))
    }

    private func agent(running script: String, named name: String = "agent.sh", timeout: Duration = .seconds(20),
                       workingDirectory: String? = nil) throws -> CommandAgent {
        CommandAgent(configuration: CommandAgent.Configuration(
            command: try folder.script(script, named: name), timeout: timeout, workingDirectory: workingDirectory
        ))
    }
}
