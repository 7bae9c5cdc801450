public import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Switchboard's state in one SQLite file: the inbox of received messages, the outbox
/// of replies, users and their platform identities, conversations and chat contexts.
///
/// The file lives in the data folder, is created readable by its owner only (0600, in a
/// 0700 folder) and runs in WAL mode with full synchronous commits, so a message is on
/// disk before its provider is told to acknowledge it. Schema changes are migrations.
public final class Store: Sendable {
    /// The database file's name inside the data folder.
    public static let fileName = "switchboard.sqlite"

    /// The database file.
    public let path: String
    let pool: DatabasePool
    private let clock: @Sendable () -> Date

    /// Opens (creating when needed) the store in `directory`.
    /// - Parameter clock: the time source for timestamps and expiry; tests pass their own.
    public init(directory: String, clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        try Self.createPrivateDirectory(directory)
        path = directory + "/" + Self.fileName
        try Self.createPrivateFile(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
        } catch {
            throw StoreError("cannot open the store at \(path): \(error)")
        }
        self.clock = clock
    }

    /// Runs `body` in one write transaction; its changes commit together or not at all.
    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        let now = clock()
        return try await pool.write { db in try body(StoreTransaction(db: db, now: now)) }
    }

    /// Runs `body` on a consistent snapshot, without blocking writers.
    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        let now = clock()
        return try await pool.read { db in try body(StoreTransaction(db: db, now: now)) }
    }

    /// Creates the folder 0700, or takes an existing one's group and other permissions away.
    private static func createPrivateDirectory(_ directory: String) throws(StoreError) {
        var status = stat()
        if stat(directory, &status) == 0 {
            if status.st_mode & 0o077 != 0 { chmod(directory, status.st_mode & 0o700) }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError("cannot create the data folder \(directory): \(error.localizedDescription)")
        }
    }

    /// Creates the file 0600 before SQLite opens it (SQLite gives its -wal and -shm
    /// files the same mode), or makes existing files 0600 (restored from a backup, say).
    private static func createPrivateFile(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
        for companion in [path + "-wal", path + "-shm"] where access(companion, F_OK) == 0 {
            chmod(companion, 0o600)
        }
    }
}

/// A failure to open or use the store.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
