import CSwitchboardABI

/// Reads structs that cross the plugin boundary (DESIGN.md, ABI rule 2).
///
/// Every such struct starts with `uint32_t struct_size`. A reader checks that the
/// struct is at least as large as the layout it requires, then copies what the
/// other side wrote into a zeroed local: members the other side does not know
/// (appended in a later minor) read as zero.
enum ABIStruct {
    /// Why a struct could not be read.
    struct TooSmall: Error, Sendable {
        let declaredSize: Int
        let requiredSize: Int
    }

    /// Copies the `T` at `pointer`, whose first member is its `struct_size`.
    ///
    /// - Parameter requiredSize: the bytes the reader needs, normally
    ///   `end(of:)` of the last member of the version it was written for.
    static func copy<T>(_ type: T.Type, from pointer: UnsafeRawPointer, requiredSize: Int) throws(TooSmall) -> T {
        var local = zeroed(T.self)
        let copied = withUnsafeMutableBytes(of: &local) { destination in
            sb_struct_read(destination.baseAddress, destination.count, pointer, requiredSize)
        }
        guard copied != 0 else {
            throw TooSmall(declaredSize: Int(pointer.loadUnaligned(as: UInt32.self)), requiredSize: requiredSize)
        }
        return local
    }

    /// The byte just past `member`: what a reader requires to use it.
    static func end<T, Member>(of member: KeyPath<T, Member>) -> Int {
        MemoryLayout<T>.offset(of: member)! + MemoryLayout<Member>.size
    }

    /// An all-zero `T` with `struct_size` set to its full size, ready to pass to the other side.
    static func sized<T>(_ type: T.Type) -> T {
        var value = zeroed(T.self)
        withUnsafeMutableBytes(of: &value) { bytes in
            bytes.storeBytes(of: UInt32(MemoryLayout<T>.size), as: UInt32.self)
        }
        return value
    }

    private static func zeroed<T>(_ type: T.Type) -> T {
        withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { buffer in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            return buffer[0]
        }
    }
}

/// The layouts of ABI 1.0: what this host requires of structs a plugin hands it.
/// Members appended in later minors are read only when `struct_size` covers them.
enum ABI10 {
    static let descriptorSize = ABIStruct.end(of: \sb_plugin_descriptor.get_extension)
    static let capabilitiesSize = ABIStruct.end(of: \sb_capabilities.features)
    static let inboundMessageSize = ABIStruct.end(of: \sb_inbound_message.raw_json)
    static let sendResultSize = ABIStruct.end(of: \sb_send_result.retry_after_ms)
    static let editExtensionSize = ABIStruct.end(of: \sb_edit_extension.edit)
    static let typingExtensionSize = ABIStruct.end(of: \sb_typing_extension.set_typing)
    static let streamExtensionSize = ABIStruct.end(of: \sb_stream_extension.finish)
    static let userMapperExtensionSize = ABIStruct.end(of: \sb_user_mapper_extension.map)
    static let mappedUserSize = ABIStruct.end(of: \sb_mapped_user.auth_source)
}
