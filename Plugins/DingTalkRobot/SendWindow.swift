import SwitchboardProviderKit

/// The robot's sends in the last minute, kept in the channel's state so that a
/// restart does not reset DingTalk's 20-a-minute count. The window is a little longer
/// than a minute: DingTalk counts arrivals, and going over silences the robot for ten
/// minutes. Lives on the instance's executor.
struct SendWindow {
    static let length: Int64 = 62_000
    private static let key = "sent-at"

    let host: ProviderHost
    let limit: Int
    /// The send times as stored, read once: this instance is the only writer.
    private var stored: [Int64]

    init(host: ProviderHost, limit: Int) {
        self.host = host
        self.limit = limit
        stored = ((try? host.storedValue(for: Self.key)) ?? nil)?.split(separator: ",").compactMap { Int64($0) } ?? []
    }

    /// Takes a place in the window for a send at `now` (Unix ms), or tells how many
    /// milliseconds remain until one frees up.
    mutating func reserve(at now: Int64) -> Int64? {
        // Times after `now` come from a clock set back: they would block sends for as long.
        var recent = stored.filter { $0 <= now && now - $0 < Self.length }.sorted()
        if recent.count >= limit {
            // The send that has to leave the window before this one fits.
            return recent[recent.count - limit] + Self.length - now
        }
        recent.append(now)
        do {
            try host.store(recent.map(String.init).joined(separator: ","), for: Self.key)
            stored = recent
        } catch {
            host.log(.warning, "cannot keep the robot's send count: \(error)")
        }
        return nil
    }
}
