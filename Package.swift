// swift-tools-version:6.1
import Foundation
import PackageDescription

/// Absolute path of this package, for linker flags that need a file path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Provider plugins export only `switchboard_plugin_entry` (DESIGN.md, ABI rule 10).
let pluginLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--version-script=\(packageRoot)/Plugins/plugin-exports.map"])
]

let package = Package(
    name: "switchboard",
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .library(name: "SwitchboardProviderKit", targets: ["SwitchboardProviderKit"]),
        .library(name: "SwitchboardSimulator", targets: ["SwitchboardSimulator"]),
        // Bundled providers: the host finds `libswitchboard-provider-*.so` beside its executable.
        .library(name: "switchboard-provider-loopback", type: .dynamic, targets: ["LoopbackProvider"]),
        .library(name: "switchboard-provider-webchat", type: .dynamic, targets: ["WebChatProvider"]),
        .library(name: "switchboard-provider-telegram", type: .dynamic, targets: ["TelegramProvider"]),
        .library(name: "switchboard-provider-dingtalk", type: .dynamic, targets: ["DingTalkProvider"]),
        .library(name: "switchboard-provider-dingtalk-robot", type: .dynamic, targets: ["DingTalkRobotProvider"]),
        .executable(name: "switchboard-bench", targets: ["SwitchboardBench"]),
        // A test fixture, not a bundled provider: tests copy it into a plugin folder.
        .library(name: "switchboard-fixture-network-probe", type: .dynamic, targets: ["NetworkProbeFixture"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // The plugin ABI: one public C header, the whole contract with providers.
        .target(name: "CSwitchboardABI"),
        // Identifies the toolchain a Swift image was built with (host and Swift plugins).
        .target(name: "CSwitchboardToolchain"),

        // The store: one SQLite file (WAL) holding the inbox, outbox, users and conversations.
        .target(
            name: "SwitchboardStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The core: message types, agents, the message pipeline, commands, users, access.
        // Knows nothing of C or plugins.
        .target(
            name: "SwitchboardCore",
            dependencies: ["SwitchboardStore", "SwitchboardConfig", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // config.yaml: parsing, interpolation, validation against provider schemas.
        .target(
            name: "SwitchboardConfig",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // libcurl, for outbound HTTP (providers, agents, the user mapper).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // An async HTTP client on libcurl, and the HTTP user mapper.
        .target(
            name: "SwitchboardHTTP",
            dependencies: ["CCurl", "SwitchboardCore"],
            swiftSettings: swiftSettings
        ),
        // A WebSocket client with callbacks, for providers' long-lived connections.
        .target(
            name: "SwitchboardWebSocket",
            dependencies: [
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The webhook ingress server: /hooks/<channel-id>/... handed to the channel's provider.
        .target(
            name: "SwitchboardIngress",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Agent backends: OpenAI-compatible servers, local programs, HTTP endpoints.
        .target(
            name: "SwitchboardAgents",
            dependencies: ["SwitchboardCore", "SwitchboardHTTP", "SwitchboardConfig"],
            swiftSettings: swiftSettings
        ),
        // The host: plugin loader, channel manager, wiring of channels to the core.
        .target(
            name: "SwitchboardHost",
            dependencies: [
                "CSwitchboardABI",
                "CSwitchboardToolchain",
                "SwitchboardCore",
                "SwitchboardConfig",
                "SwitchboardStore",
                "SwitchboardHTTP",
                "SwitchboardWebSocket",
                "SwitchboardIngress",
                "SwitchboardAgents",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Platform simulators: local servers speaking a chat platform's wire protocol,
        // scriptable from tests (request log, faults, WebSocket sessions).
        .target(
            name: "SwitchboardSimulator",
            dependencies: [
                "SwitchboardDigest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `switchboard` command.
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardHost",
                "SwitchboardSimulator",
                "SwitchboardConfig",
                "SwitchboardStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // SHA-256 and HMAC: webhook signatures and digests, for providers and simulators.
        .target(name: "SwitchboardDigest", swiftSettings: swiftSettings),

        // Lets a provider be written in Swift without raw pointers. Compiled into
        // each plugin, never into the host.
        .target(
            name: "SwitchboardProviderKit",
            dependencies: ["CSwitchboardABI", "CSwitchboardToolchain"],
            swiftSettings: swiftSettings
        ),

        // Providers, one folder each under Plugins/.
        .target(
            name: "LoopbackProvider",
            dependencies: ["SwitchboardProviderKit", "CSwitchboardABI"],
            path: "Plugins/Loopback",
            swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),
        .target(
            name: "WebChatProvider",
            dependencies: ["SwitchboardProviderKit", "SwitchboardDigest", "CSwitchboardABI"],
            path: "Plugins/WebChat",
            swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),
        .target(
            name: "TelegramProvider",
            dependencies: ["SwitchboardProviderKit", "SwitchboardDigest", "CSwitchboardABI"],
            path: "Plugins/Telegram",
            swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),
        // What both DingTalk plugins say to DingTalk's robot endpoints.
        .target(
            name: "DingTalkWire",
            dependencies: ["SwitchboardProviderKit", "CSwitchboardABI"],
            path: "Plugins/DingTalkWire",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DingTalkProvider",
            dependencies: ["DingTalkWire", "SwitchboardProviderKit", "SwitchboardDigest", "CSwitchboardABI"],
            path: "Plugins/DingTalk",
            swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),
        .target(
            name: "DingTalkRobotProvider",
            dependencies: ["DingTalkWire", "SwitchboardProviderKit", "SwitchboardDigest", "CSwitchboardABI"],
            path: "Plugins/DingTalkRobot",
            swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),

        // Benchmarks against the simulators (bench/README.md).
        .executableTarget(
            name: "SwitchboardBench",
            dependencies: [
                "SwitchboardSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/SwitchboardBench",
            swiftSettings: swiftSettings
        ),
        // A Swift provider using every host service, for the services tests.
        .target(
            name: "NetworkProbeFixture",
            dependencies: ["SwitchboardProviderKit", "CSwitchboardABI"],
            path: "Tests/Fixtures/SwiftNetworkProbe",
            swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),
        // Host structs as a later 1.x host lays them out, for ABI compatibility tests.
        .target(name: "CABINextFixture", dependencies: ["CSwitchboardABI"], path: "Tests/Fixtures/CABINext"),
        .testTarget(
            name: "SwitchboardHostTests",
            dependencies: [
                "SwitchboardHost",
                "SwitchboardConfig",
                "SwitchboardCore",
                "CSwitchboardABI",
                "CABINextFixture",
                "SwitchboardTestSupport",
                "SwitchboardSimulator",
                "SwitchboardHTTP",
                "SwitchboardIngress",
                "SwitchboardWebSocket",
                "SwitchboardAgents",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test doubles of the outside world for the test targets: a scripted HTTP server.
        .target(name: "SwitchboardTestSupport", path: "Tests/SwitchboardTestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardHTTPTests",
            dependencies: ["SwitchboardHTTP", "SwitchboardCore", "SwitchboardTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardAgentsTests",
            dependencies: ["SwitchboardAgents", "SwitchboardCore", "SwitchboardStore", "SwitchboardConfig",
                           "SwitchboardHTTP", "SwitchboardTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardSimulatorTests",
            dependencies: [
                "SwitchboardSimulator",
                "SwitchboardHTTP",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SwitchboardDigestTests", dependencies: ["SwitchboardDigest"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardCoreTests",
            dependencies: ["SwitchboardCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardConfigTests",
            dependencies: ["SwitchboardConfig"],
            swiftSettings: swiftSettings
        ),
    ]
)
