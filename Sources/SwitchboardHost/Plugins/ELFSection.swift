#if canImport(Glibc)
import Glibc
#endif

/// Reads one named section of a 64-bit little-endian ELF file, without loading it.
enum ELFSection {
    /// The bytes of section `name`, or nil when the file has none (or is not a
    /// 64-bit little-endian ELF file). Sections over `limit` bytes read as nil.
    static func read(_ name: String, from descriptor: Int32, limit: Int = 4096) -> [UInt8]? {
        guard let header = bytes(descriptor, at: 0, count: 64), header[4] == 2, header[5] == 1 else { return nil }
        let sectionTable = Int(header.load(UInt64.self, at: 0x28))
        let entrySize = Int(header.load(UInt16.self, at: 0x3A))
        let count = Int(header.load(UInt16.self, at: 0x3C))
        let namesIndex = Int(header.load(UInt16.self, at: 0x3E))
        guard entrySize >= 64, count > 0, namesIndex < count, count < 4096 else { return nil }
        func section(_ index: Int) -> (name: Int, offset: Int, size: Int)? {
            guard let entry = bytes(descriptor, at: sectionTable + index * entrySize, count: 64) else { return nil }
            return (Int(entry.load(UInt32.self, at: 0)), Int(entry.load(UInt64.self, at: 0x18)), Int(entry.load(UInt64.self, at: 0x20)))
        }
        guard let names = section(namesIndex), names.size < 1 << 20,
              let nameTable = bytes(descriptor, at: names.offset, count: names.size) else { return nil }
        let wanted = Array(name.utf8) + [0]
        for index in 0..<count {
            guard let candidate = section(index), candidate.name + wanted.count <= nameTable.count,
                  Array(nameTable[candidate.name..<candidate.name + wanted.count]) == wanted else { continue }
            guard candidate.size <= limit else { return nil }
            return bytes(descriptor, at: candidate.offset, count: candidate.size)
        }
        return nil
    }

    private static func bytes(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: count)
        return pread(descriptor, &buffer, count, off_t(offset)) == count ? buffer : nil
    }
}

extension [UInt8] {
    /// A little-endian integer at `offset`.
    fileprivate func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        self[offset..<offset + MemoryLayout<T>.size].reversed().reduce(T.zero) { $0 << 8 | T($1) }
    }
}
