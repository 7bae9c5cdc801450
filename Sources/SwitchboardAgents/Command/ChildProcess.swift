import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program run for one turn, in a process group of its own (so stopping it stops
/// whatever it started), its standard streams moved by a `PipePump`.
final class ChildProcess: Sendable {
    /// How a run ended.
    struct Ending: Sendable {
        /// The exit status, or the signal that ended the program.
        let status: Int32
        let reason: Process.TerminationReason
        /// The end of what it wrote to stderr.
        let stderrTail: [UInt8]
        /// Whether `stop()` was called.
        let wasStopped: Bool
    }

    private struct State {
        var termination: (status: Int32, reason: Process.TerminationReason)?
        var stderrTail: [UInt8]?
        var wasStopped = false
        var wasKilled = false
        /// The program exited but something it started kept its output open past
        /// `outputGrace`; the run ends without waiting for that.
        var outputAbandoned = false
        var waiters: [CheckedContinuation<Ending, Never>] = []

        /// The ending, once the program has exited and its output is read (or, once it
        /// has been killed, without waiting for output that something it started and
        /// that left its group may hold open).
        var ending: Ending? {
            guard let termination, stderrTail != nil || wasKilled || outputAbandoned else { return nil }
            return Ending(status: termination.status, reason: termination.reason, stderrTail: stderrTail ?? [],
                          wasStopped: wasStopped)
        }
    }

    /// How long a stopped program has between SIGTERM and SIGKILL.
    static let killDelay = Duration.seconds(2)
    /// How long output may stay open after the program exited (held by a helper it left
    /// running) before the run ends regardless and the helpers in its group are killed.
    static let outputGrace = Duration.seconds(2)

    private let process: Process
    private let state = Mutex(State())

    /// Starts `executable`, writes `input` to its stdin, and calls `onLine` with each
    /// line of its stdout.
    init(executable: String, arguments: [String], environment: [String: String], directory: String?,
         input: [UInt8], onLine: @escaping @Sendable (String) -> Void) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        self.process = process
        process.terminationHandler = { [weak self] process in
            self?.update { $0.termination = (process.terminationStatus, process.terminationReason) }
        }
        // Foundation starts the program in a new process group (POSIX_SPAWN_SETPGROUP).
        try process.run()
        PipePump(stdin: stdin.fileHandleForWriting, stdout: stdout.fileHandleForReading, stderr: stderr.fileHandleForReading,
                 input: input, onLine: onLine, onEnd: { [weak self] tail in self?.update { $0.stderrTail = tail } }).start()
        watchForExit(of: process.processIdentifier)
    }

    /// Foundation notices a child's exit through a descriptor the child inherits, so a
    /// helper the program started and left running hides the exit (and holds the output
    /// open). This watches for the exit itself, without reaping it (Foundation does
    /// that), and after `outputGrace` kills what is left of the program's group.
    private func watchForExit(of pid: pid_t) {
        Task { [weak self] in
            while !Self.hasExited(pid) {
                try await Task.sleep(for: .milliseconds(100))
                guard self != nil else { return }
            }
            try await Task.sleep(for: Self.outputGrace)
            self?.abandonOutputIfStillOpen()
        }
    }

    /// Whether the child `pid` has exited, leaving it waitable.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    /// How the run ended, once it has.
    func ending() async -> Ending {
        await withCheckedContinuation { continuation in
            let ending = state.withLock { state in
                if state.ending == nil { state.waiters.append(continuation) }
                return state.ending
            }
            if let ending { continuation.resume(returning: ending) }
        }
    }

    /// After the program exited: if its output is still open, a helper it started holds
    /// it; kill what is left of its group and end the run without that output.
    private func abandonOutputIfStillOpen() {
        guard state.withLock({ $0.stderrTail == nil || $0.termination == nil }) else { return }
        kill(-process.processIdentifier, SIGKILL)
        update { $0.outputAbandoned = true }
    }

    /// Asks the program and its process group to end (SIGTERM), and makes them
    /// (SIGKILL) after `killDelay`. [any thread]
    func stop() {
        let isFirstStop = state.withLock { state in
            guard !state.wasStopped, state.ending == nil else { return false }
            state.wasStopped = true
            return true
        }
        guard isFirstStop else { return }
        kill(-process.processIdentifier, SIGTERM)
        Task { [self] in
            try? await Task.sleep(for: Self.killDelay)
            if state.withLock({ $0.ending == nil }) {
                kill(-process.processIdentifier, SIGKILL)
            }
            update { $0.wasKilled = true }
        }
    }

    /// Applies `change`, then hands the ending to those waiting, if it has come.
    private func update(_ change: (inout State) -> Void) {
        let (ending, waiters): (Ending?, [CheckedContinuation<Ending, Never>]) = state.withLock { state in
            change(&state)
            guard let ending = state.ending else { return (nil, []) }
            defer { state.waiters = [] }
            return (ending, state.waiters)
        }
        if let ending { waiters.forEach { $0.resume(returning: ending) } }
    }
}
