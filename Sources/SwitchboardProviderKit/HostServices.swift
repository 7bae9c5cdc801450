import CSwitchboardABI
#if canImport(Glibc)
import Glibc
#endif

/// A failure a host service reported: an `SB_ERR_*` code and the host's message.
public struct HostServiceError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (code \(code))" }

    /// The error an `sb_error` the host filled describes.
    init(_ error: sb_error) {
        var copy = error.message
        let text = withUnsafeBytes(of: &copy) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        self.init(code: error.code, message: text)
    }

    static func unavailable(_ extensionID: String) -> HostServiceError {
        HostServiceError(code: SB_ERR_UNSUPPORTED, message: "the host does not offer \(extensionID)")
    }
}

/// The host services' tables, looked up once per instance.
struct HostServiceTables {
    let timer: sb_timer_extension?
    let state: sb_state_extension?
    let http: sb_http_extension?
    let webSocket: sb_websocket_extension?
    let ingress: sb_ingress_extension?

    init(lookup: (String) -> UnsafeRawPointer?) {
        timer = Self.table(SB_TIMER_EXTENSION_ID, lookup, requiredSize: HostStructs.end(of: \sb_timer_extension.cancel))
        state = Self.table(SB_STATE_EXTENSION_ID, lookup, requiredSize: HostStructs.end(of: \sb_state_extension.set))
        http = Self.table(SB_HTTP_EXTENSION_ID, lookup, requiredSize: HostStructs.end(of: \sb_http_extension.cancel))
        webSocket = Self.table(SB_WEBSOCKET_EXTENSION_ID, lookup, requiredSize: HostStructs.end(of: \sb_websocket_extension.close))
        ingress = Self.table(SB_INGRESS_EXTENSION_ID, lookup, requiredSize: HostStructs.end(of: \sb_ingress_extension.public_url))
    }

    private static func table<T>(_ id: String, _ lookup: (String) -> UnsafeRawPointer?, requiredSize: Int) -> T? {
        lookup(id).flatMap { HostStructs.read(T.self, from: $0, requiredSize: requiredSize) }
    }
}

/// The Swift closures behind the requests, sockets and listener an instance has open,
/// by the host's id. The host calls back on the instance's executor, so this needs no
/// lock; what is left when the instance stops is dropped (the host has cancelled it).
final class ServiceCallbacks {
    private var live: [UInt64: AnyObject] = [:]
    /// The ingress listener, which has no id of its own.
    var listener: AnyObject?

    func keep(_ callbacks: AnyObject, as id: UInt64) {
        live[id] = callbacks
    }

    func drop(_ id: UInt64) {
        live[id] = nil
    }

    func dropAll() {
        live.removeAll()
        listener = nil
    }
}

/// The Swift closures behind one id the host handed out (a timer, a request, a socket),
/// kept by `ServiceCallbacks` while the host may still call them.
class ServiceCallbackBox {
    unowned let callbacks: ServiceCallbacks
    /// The host's id, once it gave one.
    private(set) var id: UInt64 = 0

    init(callbacks: ServiceCallbacks) {
        self.callbacks = callbacks
    }

    /// Keeps the box under the id the host gave it.
    func keep(as id: UInt64) {
        self.id = id
        callbacks.keep(self, as: id)
    }

    /// Lets the box go: the host calls it no more.
    func release() {
        callbacks.drop(id)
    }
}

/// A pointer to a callback box, for user_data; the box is kept alive by `ServiceCallbacks`.
func userData(of box: AnyObject) -> UnsafeMutableRawPointer {
    Unmanaged.passUnretained(box).toOpaque()
}

/// The box behind a user_data pointer.
func callbackBox<T: AnyObject>(_ userData: UnsafeMutableRawPointer?, as type: T.Type) -> T? {
    userData.map { Unmanaged<T>.fromOpaque($0).takeUnretainedValue() }
}

/// Lays out header fields as the flat name/value array the ABI uses, for one call.
func withHeaderPairs<R>(_ headers: [(name: String, value: String)],
                        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, Int) -> R) -> R {
    let copies = headers.flatMap { [strdup($0.name), strdup($0.value)] }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.isEmpty ? nil : $0.baseAddress, $0.count / 2) }
}

extension Array where Element == (name: String, value: String) {
    /// The value of the first header field called `name`, compared case-insensitively.
    func firstValue(named name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }
}

/// Reads a flat name/value array the host lent.
func readHeaderPairs(_ pairs: UnsafePointer<UnsafePointer<CChar>?>?, count: Int) -> [(name: String, value: String)] {
    guard let pairs else { return [] }
    return (0..<count).compactMap { index in
        guard let name = pairs[2 * index], let value = pairs[2 * index + 1] else { return nil }
        return (String(cString: name), String(cString: value))
    }
}

/// A copy of `count` bytes the host lent.
func readBytes(_ pointer: UnsafePointer<UInt8>?, count: Int) -> [UInt8] {
    guard let pointer, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: pointer, count: count))
}
