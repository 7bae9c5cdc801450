import CSwitchboardABI

/// Reads structs the host hands the plugin, within the size the host declared
/// (DESIGN.md, ABI rule 2): members the host does not know read as zero.
enum HostStructs {
    /// The `T` at `pointer`, or nil when the host's struct is below `requiredSize`.
    static func read<T>(_ type: T.Type, from pointer: UnsafeRawPointer, requiredSize: Int) -> T? {
        withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { buffer -> T? in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            guard sb_struct_read(raw.baseAddress, raw.count, pointer, requiredSize) != 0 else { return nil }
            return buffer[0]
        }
    }

    /// The byte just past `member`.
    static func end<T, Member>(of member: KeyPath<T, Member>) -> Int {
        MemoryLayout<T>.offset(of: member)! + MemoryLayout<Member>.size
    }
}
