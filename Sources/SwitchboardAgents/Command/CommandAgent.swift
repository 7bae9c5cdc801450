import Foundation
public import SwitchboardCore
import SwitchboardHTTP

/// An agent that is a local program, run once per turn (a coding agent's command line,
/// say). No shell is involved: the program gets its arguments as given.
///
/// The program reads the turn as JSON on stdin, which is then closed: `{"message": {"id",
/// "text", "chat_id", …}, "user": {"id", "username", …}, "conversation": {"id", "mode",
/// "title"}, "history": [{"role", "text"}]}`. Each line it writes to stdout is a piece
/// of the answer, streamed as it comes. It must exit with status 0: any other
/// status, or running past the timeout, fails the turn, with the end of its stderr in
/// the detail. A stopped program and its process group get SIGTERM, then SIGKILL 2 s
/// later.
///
/// In task mode, each task runs in a folder of its own, `<working directory>/task-<id>`,
/// made (mode 0700) when first needed; chats run in the working directory itself.
public struct CommandAgent: Agent {
    public struct Configuration: Sendable {
        /// The program's absolute path.
        public var command: String
        public var arguments: [String]
        /// The longest a run may take.
        public var timeout: Duration
        /// The base folder runs happen in; nil for the host's own.
        public var workingDirectory: String?
        /// The program's environment beyond the basics (PATH, HOME, LANG, LC_ALL, TZ,
        /// TMPDIR, taken from the host). The host's other variables, which may hold bot
        /// tokens and API keys, are not passed on.
        public var environment: [String: String]

        public init(command: String, arguments: [String] = [], timeout: Duration = .seconds(600),
                    workingDirectory: String? = nil, environment: [String: String] = [:]) {
            self.command = command
            self.arguments = arguments
            self.timeout = timeout
            self.workingDirectory = workingDirectory
            self.environment = environment
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func respond(to turn: AgentTurn) -> AsyncThrowingStream<AgentEvent, any Error> {
        .produced { [configuration] continuation in
            let directory: String?
            do {
                directory = try Self.directory(for: turn, in: configuration.workingDirectory)
            } catch {
                throw AgentError.unavailable(
                    detail: "could not make the working directory for \(configuration.command): \(error.localizedDescription)")
            }
            let child: ChildProcess
            do {
                child = try ChildProcess(
                    executable: configuration.command, arguments: configuration.arguments,
                    environment: Self.basicEnvironment.merging(configuration.environment) { $1 },
                    directory: directory, input: TurnDocument.encode(turn), onLine: { continuation.yield(.text($0)) }
                )
            } catch {
                throw AgentError.unavailable(detail: "could not start \(configuration.command): \(error.localizedDescription)")
            }
            let ending = await Self.ending(of: child, timeout: configuration.timeout)
            try Task.checkCancellation()
            if let failure = Self.failure(of: ending, configuration: configuration) { throw failure }
        }
    }

    /// The folder to run in: the working directory, or in task mode the task's own folder
    /// in it; made (mode 0700) if missing.
    private static func directory(for turn: AgentTurn, in workingDirectory: String?) throws -> String? {
        guard let workingDirectory else { return nil }
        let base = URL(fileURLWithPath: workingDirectory, isDirectory: true)
        let directory = turn.conversation.mode == .task ? base.appendingPathComponent("task-\(turn.conversation.id)") : base
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return directory.path
    }

    /// How `child` ends, stopping it when it runs past `timeout` or the task is cancelled.
    private static func ending(of child: ChildProcess, timeout: Duration) async -> ChildProcess.Ending {
        await withTaskCancellationHandler {
            await withTaskGroup(of: ChildProcess.Ending?.self) { group in
                group.addTask { await child.ending() }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { child.stop() }
                    return nil
                }
                for await case let ending? in group {
                    group.cancelAll()
                    return ending
                }
                preconditionFailure("the ending task always returns one")
            }
        } onCancel: {
            child.stop()
        }
    }

    /// Why the run failed, if it did.
    private static func failure(of ending: ChildProcess.Ending, configuration: Configuration) -> AgentError? {
        let stderr = ending.stderrTail.isEmpty ? "" : "; stderr: \(TextExcerpt.quotedEnd(ending.stderrTail))"
        if ending.wasStopped {
            return .timedOut(
                detail: "\(configuration.command) ran past its timeout of \(configuration.timeout) and was stopped\(stderr)")
        }
        switch ending.reason {
        case .exit where ending.status == 0:
            return nil
        case .exit:
            return .failed(detail: "\(configuration.command) exited with status \(ending.status)\(stderr)")
        case .uncaughtSignal:
            return .failed(detail: "\(configuration.command) was ended by signal \(ending.status)\(stderr)")
        @unknown default:
            return .failed(detail: "\(configuration.command) ended abnormally\(stderr)")
        }
    }

    /// The host's variables every program needs, and nothing that could be a secret.
    static var basicEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"].contains($0.key) }
    }

}
