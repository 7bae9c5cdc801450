public import Hummingbird
public import HummingbirdWebSocket
import NIOCore

/// The request context of every simulator route, HTTP and WebSocket.
public struct SimulatorContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<SimulatorContext>
    /// The connection the request came on; closing it drops the client.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
