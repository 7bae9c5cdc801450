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
        // Bundled providers: the host finds `libswitchboard-provider-*.so` beside its executable.
        .library(name: "switchboard-provider-loopback", type: .dynamic, targets: ["LoopbackProvider"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
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
                "SwitchboardAgents",
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
                "SwitchboardConfig",
                "SwitchboardStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

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
