extension ScriptedResponse {
    /// A 200 whose chunked body goes on for a gigabyte, as fast as the client takes it:
    /// a client with a body limit must hang up long before its end.
    public static let gigabyteBody = ScriptedResponse.stream(status: 200, steps: Array(repeating: .send(piece), count: 16 * 1024))

    /// A 200 whose chunked body sends 8 MB as fast as the client takes them, then
    /// nothing more, never ending.
    public static let burstThenStall = ScriptedResponse.stream(status: 200, steps: Array(repeating: .send(piece), count: 128) + [.stall])

    /// 64 KB of body.
    private static let piece = [UInt8](repeating: 0x61, count: 64 * 1024)
}
