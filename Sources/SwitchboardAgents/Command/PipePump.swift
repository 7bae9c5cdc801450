import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Moves a child process's standard streams on a thread of its own: writes the input to
/// its stdin and closes it, hands each stdout line over as it completes, and keeps the
/// end of stderr. Finishes when all three are closed.
struct PipePump {
    /// The most of stderr kept, from its end.
    static let stderrTailLength = 4096

    let stdin: FileHandle
    let stdout: FileHandle
    let stderr: FileHandle
    let input: [UInt8]
    /// Called with each stdout line, its line end as "\n" (none after a last line
    /// without one).
    let onLine: @Sendable (String) -> Void
    /// Called once at the end with the end of stderr.
    let onEnd: @Sendable ([UInt8]) -> Void

    /// Starts the pump's thread.
    func start() {
        let thread = Thread { [self] in
            // A child that exits without reading its input must not kill the host.
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
            run()
        }
        thread.name = "switchboard-command"
        thread.start()
    }

    private func run() {
        _ = fcntl(stdin.fileDescriptor, F_SETFL, fcntl(stdin.fileDescriptor, F_GETFL) | O_NONBLOCK)
        // How much of the input is written, while stdin is open.
        var inputWritten: Int? = 0
        var open = (stdout: true, stderr: true)
        var lines = LineSplitter()
        var stderrTail: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)

        while inputWritten != nil || open.stdout || open.stderr {
            if let written = inputWritten, written == input.count {
                try? stdin.close()
                inputWritten = nil
            }
            var watched = [
                pollfd(fd: inputWritten == nil ? -1 : stdin.fileDescriptor, events: Int16(POLLOUT), revents: 0),
                pollfd(fd: open.stdout ? stdout.fileDescriptor : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open.stderr ? stderr.fileDescriptor : -1, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&watched, nfds_t(watched.count), -1) >= 0 else {
                if errno == EINTR { continue }
                break
            }
            if let written = inputWritten, watched[0].revents != 0 {
                inputWritten = writeInput(from: written)
                if inputWritten == nil { try? stdin.close() }
            }
            if open.stdout, watched[1].revents != 0, let bytes = read(stdout, into: &buffer) {
                for line in lines.lines(in: bytes) {
                    onLine(String(decoding: line, as: UTF8.self) + "\n")
                }
                if bytes.isEmpty {
                    open.stdout = false
                    if let last = lines.remainder() { onLine(String(decoding: last, as: UTF8.self)) }
                }
            }
            if open.stderr, watched[2].revents != 0, let bytes = read(stderr, into: &buffer) {
                open.stderr = !bytes.isEmpty
                stderrTail = (stderrTail + bytes).suffix(Self.stderrTailLength)
            }
        }
        if inputWritten != nil { try? stdin.close() }
        try? stdout.close()
        try? stderr.close()
        onEnd(stderrTail)
    }

    /// Writes what stdin takes of the input from `offset`; the new offset, or nil when
    /// the child will not read more (it closed its end).
    private func writeInput(from offset: Int) -> Int? {
        let count = input[offset...].withUnsafeBytes { write(stdin.fileDescriptor, $0.baseAddress, $0.count) }
        if count >= 0 { return offset + count }
        return errno == EAGAIN || errno == EINTR ? offset : nil
    }

    /// The bytes ready on `handle`: empty at its end (or when it fails), nil when there
    /// is nothing after all.
    private func read(_ handle: FileHandle, into buffer: inout [UInt8]) -> ArraySlice<UInt8>? {
        let count = buffer.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, $0.count) }
        if count < 0, errno == EAGAIN || errno == EINTR { return nil }
        return buffer[..<max(count, 0)]
    }
}
