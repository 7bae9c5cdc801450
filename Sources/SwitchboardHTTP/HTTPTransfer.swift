/// A request started with `HTTPClient.start(_:delegate:)`. It runs to its end on the
/// event loop whether or not this object is kept; `cancel()` aborts it.
public final class HTTPTransfer: Sendable {
    private let delivery = TransferDelivery()
    private let loop: CurlEventLoop

    init(loop: CurlEventLoop) {
        self.loop = loop
    }

    /// Hands `request` to the loop for `delegate`; does nothing once cancelled. An
    /// invalid request is reported to `delegate` from the loop's thread.
    func start(_ request: HTTPRequest, settings: TransferSettings, delegate: any HTTPTransferDelegate) {
        guard delivery.attach(delegate) else { return }
        do throws(HTTPClientError) {
            loop.add(try CurlTransfer(request, settings: settings, delivery: delivery))
        } catch {
            loop.fail(delivery, with: error)
        }
    }

    /// Aborts the transfer and closes its connection. Once it returns, the delegate gets
    /// no more calls: it waits for one under way on the loop's thread, so call it
    /// holding nothing the delegate's calls wait for. Idempotent; callable from any
    /// thread, the delegate's own calls included.
    public func cancel() {
        cancelWithoutWaiting()
        delivery.detachDelegate()
    }

    /// Aborts the transfer without waiting for a delegate call under way, which may
    /// still end after this returns: for delegates that take that, in places that must
    /// not block (task cancellation handlers).
    func cancelWithoutWaiting() {
        if delivery.cancel() {
            loop.cancel(delivery)
        }
    }
}
