import Hummingbird
import HummingbirdWebSocket

extension SimulatorServer {
    /// The Hummingbird application: control API, recording and faults, then the platform.
    func makeApplication(onListening: @escaping @Sendable (Int?) async -> Void) -> some ApplicationProtocol {
        let recorder = RequestRecorder(log: requests, maxBodySize: configuration.maxRequestBodySize)

        let router = Router(context: SimulatorContext.self)
        router.add(middleware: recorder)
        router.add(middleware: FaultInjector(plan: faults))
        ControlAPI(server: self).addRoutes(to: router)
        platform.addControlRoutes(to: router.group(RouterPath("\(ControlAPI.root)/\(type(of: platform).name)")))
        platform.addRoutes(to: router)

        let webSocketRouter = Router(context: SimulatorContext.self)
        webSocketRouter.add(middleware: recorder)
        let maxMessageSize = configuration.maxWebSocketMessageSize
        let webSocketRoutes = WebSocketRoutes(router: webSocketRouter, sessions: webSockets, maxMessageSize: maxMessageSize)
        platform.addWebSocketRoutes(to: webSocketRoutes)

        return Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter,
                configuration: .init(ws: .init(maxFrameSize: maxMessageSize, autoPing: .disabled))
            ),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port) },
            logger: logger
        )
    }
}
