import ArgumentParser

@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Connects AI agents to chat platforms through provider plugins.",
        subcommands: [RunCommand.self, CheckConfigCommand.self, PluginsCommand.self, PairingCommand.self, SimCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

/// Options shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file.")
    var config: String = "config.yaml"

    @Flag(name: .long, help: "Use config.yaml.example (beside --config) when the configuration file does not exist.")
    var exampleConfig = false
}
