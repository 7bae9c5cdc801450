/// The simulators `switchboard sim` can run, by name.
public struct SimulatorCatalog: Sendable {
    private var factories: [String: @Sendable () -> any PlatformSimulator] = [:]

    public init() {}

    /// Every simulator that ships with Switchboard.
    public static let bundled: SimulatorCatalog = {
        var catalog = SimulatorCatalog()
        catalog.register { EchoSimulator() }
        catalog.register { TelegramSimulator() }
        catalog.register { DingTalkSimulator() }
        return catalog
    }()

    /// Adds the simulator `make` creates, under its platform's name.
    public mutating func register<Platform: PlatformSimulator>(_ make: @escaping @Sendable () -> Platform) {
        factories[Platform.name] = make
    }

    /// The names of the simulators, sorted.
    public var names: [String] { factories.keys.sorted() }

    /// A new simulator of the platform called `name`.
    public func make(_ name: String) throws(SimulatorError) -> any PlatformSimulator {
        guard let make = factories[name] else { throw .unknownPlatform(name, known: names) }
        return make()
    }
}
