import Dispatch
import Synchronization

/// Something a run of an instance opened through a host service: a timer, a request, a
/// socket. Ended, without calling the plugin, when the plugin cancels it or the run ends.
protocol RunResource: AnyObject, Sendable {
    /// Stops it; the plugin hears nothing more of it. [any-thread]
    func cancel()
}

/// The resources a run of one instance has open, by id (ids are never reused). Every
/// plugin callback of a resource runs on the instance's executor and first checks that
/// the resource is still here: that is what makes "no callback once cancelled" hold.
final class RunResources: Sendable {
    private struct Registry {
        var nextID: UInt64 = 1
        var live: [UInt64: any RunResource] = [:]
    }

    private let registry = Mutex(Registry())

    /// Reserves an id, then registers what `make` builds for it; returns both.
    func add<T: RunResource>(_ make: (UInt64) -> T) -> (id: UInt64, resource: T) {
        let id = registry.withLock { registry in
            defer { registry.nextID += 1 }
            return registry.nextID
        }
        let resource = make(id)
        registry.withLock { $0.live[id] = resource }
        return (id, resource)
    }

    /// The resource `id` when it is live and a `T`.
    func get<T: RunResource>(_ id: UInt64, as type: T.Type) -> T? {
        registry.withLock { $0.live[id] as? T }
    }

    /// Whether `id` is live.
    func contains(_ id: UInt64) -> Bool {
        registry.withLock { $0.live[id] != nil }
    }

    /// Runs `call` on `queue` (an instance's executor) if `id` is still live by then: how
    /// a resource hands the plugin an event.
    func whileLive(_ id: UInt64, on queue: DispatchQueue, _ call: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            guard contains(id) else { return }
            call()
        }
    }

    /// Removes `id` when it is a live `T`, returning it; the caller ends it.
    func remove<T: RunResource>(_ id: UInt64, as type: T.Type) -> T? {
        registry.withLock { registry in
            guard let resource = registry.live[id] as? T else { return nil }
            registry.live[id] = nil
            return resource
        }
    }

    /// Cancels every resource; for the end of a run.
    func cancelAll() {
        let all = registry.withLock { registry in
            defer { registry.live.removeAll() }
            return Array(registry.live.values)
        }
        for resource in all { resource.cancel() }
    }
}
