/// One event of a Server-Sent Events stream.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; "message" when the event names none.
    public var type: String
    /// The `data:` lines, joined with "\n".
    public var data: String
    /// The last `id:` field seen in the stream so far; "" when none.
    public var lastEventID: String

    public init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}

/// Parses a Server-Sent Events stream as it arrives, in pieces split anywhere (inside
/// a line, a line end or a UTF-8 sequence), by the rules of the WHATWG HTML standard:
/// fields `data`, `event` and `id`; `:` comments; LF, CRLF or CR line ends; a blank
/// line dispatches the event; an event with no data is dropped, and so is one the
/// stream ends in the middle of. `retry` is ignored: nothing here reconnects.
public struct SSEParser {
    private var lines = LineSplitter()
    private var isAtStart = true
    private var eventType = ""
    /// The data lines so far, each followed by "\n".
    private var data = ""
    private var lastEventID = ""

    public init() {}

    /// The events that `bytes` completes, in order.
    public mutating func parse(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        lines.lines(in: bytes).compactMap { process(line: $0) }
    }

    /// Applies one line; the event it dispatches, if any.
    private mutating func process(line bytes: [UInt8]) -> SSEEvent? {
        var line = String(decoding: bytes, as: UTF8.self)
        if isAtStart {
            isAtStart = false
            if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        }
        if line.isEmpty { return dispatch() }
        if line.hasPrefix(":") { return nil }
        let field: Substring, value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            let afterColon = line[line.index(after: colon)...]
            value = afterColon.hasPrefix(" ") ? afterColon.dropFirst() : afterColon
        } else {
            (field, value) = (line[...], "")
        }
        switch field {
        case "event": eventType = String(value)
        case "data": data += value + "\n"
        case "id" where !value.contains("\0"): lastEventID = String(value)
        default: break
        }
        return nil
    }

    /// Ends the current event: the event, unless it has no data.
    private mutating func dispatch() -> SSEEvent? {
        defer { (eventType, data) = ("", "") }
        guard !data.isEmpty else { return nil }
        return SSEEvent(type: eventType.isEmpty ? "message" : eventType, data: String(data.dropLast()),
                        lastEventID: lastEventID)
    }
}
