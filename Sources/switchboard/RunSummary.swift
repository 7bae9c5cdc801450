import SwitchboardConfig
import SwitchboardHost

/// The plain account `switchboard run` prints once the channels have started.
enum RunSummary {
    static func text(configuration: SwitchboardConfiguration, catalog: PluginCatalog, host: Switchboard) async -> String {
        let plugins = catalog.reports.compactMap { try? $0.outcome.get() }
        var lines = [
            "Switchboard is running with \(configuration.file)",
            "  plugins: " + (plugins.isEmpty ? "none loaded" : plugins.map { "\($0.id) \($0.version)" }.joined(separator: ", ")),
        ]
        let agents = Dictionary(uniqueKeysWithValues: host.plan.channels.map { ($0.configuration.id, $0.configuration.agent) })
        let statuses = await host.channels.statuses()
        for status in statuses {
            var line = "  channel \(status.channelID) (\(status.provider), agent \(agents[status.channelID] ?? "-")): \(status.state.rawValue)"
            if let error = status.lastError { line += " (\(error.message))" }
            lines.append(line)
        }
        for status in statuses where status.provider == "webchat" && status.state == .connected {
            lines.append("  Open the chat page of channel \(status.channelID): \(host.ingressURL(ofChannel: status.channelID))/")
        }
        if configuration.channels.isEmpty { lines.append("  no channels configured") }
        if configuration.channels.contains(where: { $0.provider == "loopback" }) {
            lines.append("  The loopback channel talks to no platform: its greeting and the agent's reply appear in the log.")
        }
        lines.append("Stop with Ctrl-C (SIGINT) or SIGTERM.")
        return lines.joined(separator: "\n")
    }
}
