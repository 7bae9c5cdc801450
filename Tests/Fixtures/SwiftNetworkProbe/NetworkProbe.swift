import CSwitchboardABI
import SwitchboardProviderKit

/// A Swift provider that uses every host service through the provider kit, for tests.
/// Driven like `network_provider.c`: each injected text is a command, each result is
/// reported through the `switchboard.loopback/1` observer.
///
///   get PATH / stream PATH / hold PATH / cancel        HTTP
///   ws PATH PING_MS / ws-close                         WebSocket (sends "hello" on open)
///   listen                                             webhooks (answers with the body)
///   timer MS                                           a one-shot timer
///   count                                              increments "count" in the state
///   report                                             "callbacks=N" of cancelled things
struct NetworkProbePlugin: ProviderPlugin {
    typealias Instance = NetworkProbe

    static let manifest = PluginManifest(
        id: "swift-network",
        name: "Network services probe (Swift)",
        version: "1.0.0",
        platform: "swift-network",
        configSchema: #"{"type":"object","properties":{"base_url":{"type":"string"}},"required":["base_url"]}"#,
        capabilities: Capabilities(messageLimit: 4096, limitUnit: .characters)
    )

    static func extensionTable(_ extensionID: String) -> UnsafeRawPointer? {
        extensionID == SB_LOOPBACK_EXTENSION_ID ? loopbackExtension.pointer : nil
    }
}

struct NetworkProbeSettings: Decodable {
    var base_url: String
}

final class NetworkProbe: Provider {
    let host: ProviderHost
    private let baseURL: String
    private var observer: (callback: sb_loopback_observer, context: UnsafeMutableRawPointer?)?
    private var held: UInt64 = 0
    private var socket: UInt64 = 0
    private var lateCallbacks = 0

    init(host: ProviderHost, settings: NetworkProbeSettings) throws(ProviderError) {
        self.host = host
        baseURL = settings.base_url
    }

    func start() throws(ProviderError) {
        host.setStatus(.connected)
    }

    func stop() {}

    func send(_ message: OutgoingMessage, completion: SendCompletion) {
        completion.succeed(messageID: "probe")
    }

    func observe(_ callback: sb_loopback_observer?, context: UnsafeMutableRawPointer?) {
        observer = callback.map { ($0, context) }
    }

    func run(_ command: String) {
        let words = command.split(separator: " ").map(String.init)
        do throws(HostServiceError) {
            switch (words.first ?? "", words.count) {
            case ("get", 2): try get(words[1])
            case ("stream", 2): try stream(words[1])
            case ("hold", 2):
                held = try host.send(HostHTTPRequest(url: baseURL + words[1])) { [self] _ in
                    lateCallbacks += 1
                    report("hold complete")
                }
                report("held")
            case ("cancel", 1):
                host.cancelHTTPRequest(held)
                report("cancelled")
            case ("ws", 3): try openWebSocket(words[1], pingMilliseconds: Int(words[2]) ?? 0)
            case ("ws-close", 1):
                host.closeWebSocket(socket)
                socket = 0
                report("ws closed by provider")
            case ("listen", 1): try listen()
            case ("timer", 2):
                _ = try host.scheduleTimer(after: .milliseconds(Int(words[1]) ?? 0)) { [self] in report("timer fired") }
            case ("count", 1):
                let count = (try host.storedValue(for: "count")).flatMap { Int($0) } ?? 0
                try host.store(String(count + 1), for: "count")
                report("count=\(count + 1)")
            case ("report", 1): report("callbacks=\(lateCallbacks)")
            default: report("unknown command: \(command)")
            }
        } catch {
            report("\(words.first ?? "") failed: \(error)")
        }
    }

    private func get(_ path: String) throws(HostServiceError) {
        _ = try host.send(HostHTTPRequest(url: baseURL + path, headers: [("X-Test-Probe", "swift")])) { [self] result in
            switch result {
            case let .success(response):
                report("get status=\(response.status) probe=\(response.header("X-Test-Probe") ?? "") body=\(String(decoding: response.body, as: UTF8.self))")
            case let .failure(error):
                report("get error=\(error.code) \(error.message)")
            }
        }
    }

    private func stream(_ path: String) throws(HostServiceError) {
        var bytes = 0
        var status = 0
        _ = try host.send(HostHTTPRequest(url: baseURL + path), onHead: { status = $0.status }, onBody: { bytes += $0.count }) { [self] result in
            switch result {
            case .success: report("stream status=\(status) bytes=\(bytes)")
            case let .failure(error): report("stream error=\(error.code) \(error.message)")
            }
        }
    }

    private func openWebSocket(_ path: String, pingMilliseconds: Int) throws(HostServiceError) {
        let url = "ws" + baseURL.dropFirst(4) + path
        socket = try host.openWebSocket(url: url, pingInterval: pingMilliseconds > 0 ? .milliseconds(pingMilliseconds) : nil, handler: HostWebSocketHandler(
            onOpen: { [self] in
                report("ws open")
                try? host.send(.text("hello"), onWebSocket: socket)
            },
            onMessage: { [self] message in
                switch message {
                case let .text(text): report("ws text=\(text)")
                case let .binary(bytes): report("ws binary=\(bytes.count)")
                }
            },
            onClose: { [self] ending in
                if socket == 0 { lateCallbacks += 1 }
                switch ending {
                case let .closed(code): report("ws closed code=\(code)")
                case let .failed(error): report("ws closed error=\(error.code) \(error.message)")
                }
            }
        ))
    }

    private func listen() throws(HostServiceError) {
        try host.listenForWebhooks { [self] request in
            report("hook \(request.method) \(request.path) ?\(request.query) bytes=\(request.body.count)")
            try? host.respond(to: request.id, with: HostHTTPResponse(
                status: 200, headers: [("X-Seen-Length", String(request.body.count))], body: request.body
            ))
        }
        report("listen ok \(host.webhookURL ?? "no url")")
    }

    private func report(_ text: String) {
        guard let observer else { return }
        "network".withCString { chatID in
            text.withCString { text in
                var raw = sb_outbound_message()
                raw.struct_size = UInt32(MemoryLayout<sb_outbound_message>.size)
                raw.chat_id = chatID
                raw.text = text
                observer.callback(observer.context, &raw)
            }
        }
    }
}

private let loopbackExtension = PermanentTable(
    sb_loopback_extension(
        struct_size: UInt32(MemoryLayout<sb_loopback_extension>.size),
        inject: { handle, message, stored, userData in
            guard let probe = PluginEntry.provider(handle, as: NetworkProbe.self), let text = message?.pointee.text else { return }
            probe.run(String(cString: text))
            stored?(userData, SB_OK, nil)
        },
        observe: { handle, observer, context in
            PluginEntry.provider(handle, as: NetworkProbe.self)?.observe(observer, context: context)
        }
    )
)

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry(_ hostABIVersion: UInt32) -> UnsafeRawPointer? {
    PluginEntry.descriptor(for: NetworkProbePlugin.self, hostABIVersion: hostABIVersion)
}
