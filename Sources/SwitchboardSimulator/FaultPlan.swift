import Synchronization

/// The faults a simulator injects, in the order they were added: a request takes the
/// first fault whose path matches, and uses up one of its `count`.
public final class FaultPlan: Sendable {
    private let faults = Mutex<[Fault]>([])

    init() {}

    /// Adds `fault` after those already planned.
    public func add(_ fault: Fault) {
        faults.withLock { $0.append(fault) }
    }

    /// Removes every fault.
    public func clear() {
        faults.withLock { $0.removeAll() }
    }

    /// The faults still planned.
    public var planned: [Fault] {
        faults.withLock { $0 }
    }

    /// The fault for a request to `path`, if any, counted as used.
    func take(for path: String) -> Fault? {
        faults.withLock { faults in
            guard let index = faults.firstIndex(where: { $0.path.matches(path) }) else { return nil }
            let fault = faults[index]
            if let count = fault.count {
                if count <= 1 { faults.remove(at: index) } else { faults[index].count = count - 1 }
            }
            return fault
        }
    }
}
