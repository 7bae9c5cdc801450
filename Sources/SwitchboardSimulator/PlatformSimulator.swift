public import Hummingbird

/// A chat platform's simulator: the routes that speak its wire protocol, mounted on a
/// `SimulatorServer`.
///
/// The server records every request and applies planned faults before a platform route
/// runs, so a platform only answers as the real service would: its status codes, its
/// error bodies, its header fields. Platform state that tests script (queued updates,
/// registered users) belongs to the platform, behind control routes and Swift methods.
///
/// Implementation requirements:
/// - `name` is lower case, one path segment: the `switchboard sim` argument and the
///   control prefix `/_sim/<name>/`.
/// - Routes never start with `/_sim/`: that prefix belongs to the control API.
/// - `reset()` returns the platform to its state when created.
public protocol PlatformSimulator: Sendable {
    /// The platform's name, e.g. "telegram".
    static var name: String { get }

    /// Adds the platform's HTTP routes.
    func addRoutes(to router: Router<SimulatorContext>)

    /// Adds the platform's WebSocket endpoints. Default: none.
    func addWebSocketRoutes(to routes: WebSocketRoutes)

    /// Adds the platform's control routes to `group`, which is mounted at `/_sim/<name>`.
    /// Default: none.
    func addControlRoutes(to group: RouterGroup<SimulatorContext>)

    /// Forgets everything tests scripted (`POST /_sim/reset`). Default: nothing to forget.
    func reset() async
}

extension PlatformSimulator {
    public func addWebSocketRoutes(to routes: WebSocketRoutes) {}
    public func addControlRoutes(to group: RouterGroup<SimulatorContext>) {}
    public func reset() async {}
}
