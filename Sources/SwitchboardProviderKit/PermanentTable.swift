/// A C table (an extension's function pointers, say) copied once into memory that is
/// never freed or written again, so that its address can be handed to the host and
/// shared between threads.
public struct PermanentTable<Table>: @unchecked Sendable {
    /// The table's address, valid until the process exits.
    public let pointer: UnsafeRawPointer

    public init(_ table: Table) {
        let storage = UnsafeMutablePointer<Table>.allocate(capacity: 1)
        storage.initialize(to: table)
        pointer = UnsafeRawPointer(storage)
    }
}
