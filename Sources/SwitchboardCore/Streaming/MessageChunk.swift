/// One message of a split reply: a slice of the reply, unchanged, between the code-fence
/// text the chunker added so that the message renders on its own.
public struct MessageChunk: Sendable, Hashable {
    /// A code fence reopened before `body` (e.g. "```swift\n"), or "".
    public let addedPrefix: String
    /// The next slice of the reply. The bodies of all chunks, joined, are the reply.
    public let body: String
    /// A code fence closed after `body` (e.g. "\n```"), or "".
    public let addedSuffix: String

    /// The message to send.
    public var text: String { addedPrefix + body + addedSuffix }
}
