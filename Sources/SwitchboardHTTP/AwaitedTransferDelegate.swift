/// A delegate that turns a transfer into one awaited result, for `HTTPClient`'s async
/// methods. The task's cancellation ends it with `transferDidFinish` from another thread,
/// while a call from the loop may still be under way or follow: it takes both.
protocol AwaitedTransferDelegate: HTTPTransferDelegate {
    associatedtype Value: Sendable
    /// What the caller awaits: the whole response, or its head.
    var completion: TransferCompletion<Value> { get }
}
