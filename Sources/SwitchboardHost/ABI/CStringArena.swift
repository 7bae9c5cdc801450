#if canImport(Glibc)
import Glibc
#endif

/// Owns C copies of Swift strings for the duration of one call across the ABI.
///
/// Not thread-safe; use one arena per call and let it go out of scope afterwards.
final class CStringArena {
    private var allocations: [UnsafeMutablePointer<CChar>] = []

    /// A NUL-terminated copy of `string` (nil for nil), valid until the arena is freed.
    func copy(_ string: String?) -> UnsafePointer<CChar>? {
        guard let string else { return nil }
        let copy = strdup(string)!
        allocations.append(copy)
        return UnsafePointer(copy)
    }

    deinit {
        for allocation in allocations { free(allocation) }
    }
}

extension String {
    /// A Swift copy of an optional C string the other side lent us.
    init?(borrowing pointer: UnsafePointer<CChar>?) {
        guard let pointer else { return nil }
        self.init(cString: pointer)
    }
}
