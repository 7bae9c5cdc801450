import Dispatch

/// The serial executor of one plugin instance (DESIGN.md, ABI rule 7).
///
/// Every call into the instance, and every completion handed back to it, runs on
/// this executor's queue, one at a time. The `Channel` actor uses it as its executor,
/// so actor isolation is the proof that a call happens on the right thread.
final class InstanceExecutor: SerialExecutor {
    let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedSerialExecutor())
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
