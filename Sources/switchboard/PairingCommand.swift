import ArgumentParser
import SwitchboardConfig
import SwitchboardStore

struct PairingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairing",
        abstract: "Approve users of channels whose private chats need pairing (access: {private: pairing}).",
        subcommands: [ListCommand.self, ApproveCommand.self]
    )

    struct ListCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List pairing requests awaiting approval.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let store = try openStore(options)
            let requests = try await store.read { try $0.pendingPairingRequests() }
            guard !requests.isEmpty else {
                print("no pairing requests are waiting")
                return
            }
            for request in requests {
                print("\(request.code)  channel \(request.channelID)  user \(request.platformUserID)\(request.displayName.map { " (\($0))" } ?? "")")
            }
        }
    }

    struct ApproveCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve the request with a pairing code.")

        @OptionGroup var options: ConfigOptions

        @Argument(help: "The code the user was given.")
        var code: String

        func run() async throws {
            let store = try openStore(options)
            let code = code
            guard let request = try await store.write({ try $0.approvePairing(code: code) }) else {
                printError("no pairing request has the code \(code)")
                throw ExitCode(1)
            }
            print("approved user \(request.platformUserID) on channel \(request.channelID)")
        }
    }
}

/// The store of the configured data folder; the host may be running (SQLite's WAL
/// lets both write).
private func openStore(_ options: ConfigOptions) throws -> Store {
    let configuration = try options.load()
    do {
        return try Store(directory: configuration.host.dataDirectory)
    } catch {
        printError("\(error)")
        throw ExitCode(73)
    }
}
