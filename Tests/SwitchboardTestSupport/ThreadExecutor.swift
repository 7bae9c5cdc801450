import Foundation

/// A task executor that runs its jobs, one at a time, on a thread of its own named
/// `name`. On Linux a thread inherits its creator's name, so the threads that code
/// running here starts carry the name too, and can be counted in
/// `/proc/self/task/*/comm`. The thread lives as long as the process.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    /// The jobs waiting to run. Guarded by `condition`.
    private var jobs: [UnownedJob] = []

    /// - Parameter name: At most 15 bytes, all the kernel keeps.
    public init(name: String) {
        Thread { [self] in
            try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            runJobs()
        }.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    private func runJobs() {
        while true {
            let job = condition.withLock {
                while jobs.isEmpty {
                    condition.wait()
                }
                return jobs.removeFirst()
            }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
