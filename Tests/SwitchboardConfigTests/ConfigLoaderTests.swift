import Foundation
import SwitchboardConfig
import Testing

@Suite("Loading config.yaml from disk")
struct ConfigLoaderTests {
    @Test func loadsAFileAndResolvesPathsAgainstItsFolder() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("""
            host:
              data_dir: ./state
            plugin_dirs: [plugins.d, ../shared-plugins]
            channels:
              - id: demo
                provider: loopback
            """, to: "config.yaml")
        let configuration = try ConfigLoader.load(path: file, environment: [:])
        #expect(configuration.file == file)
        #expect(configuration.baseDirectory == folder.path)
        #expect(configuration.host.dataDirectory == "\(folder.path)/state")
        let parent = (folder.path as NSString).deletingLastPathComponent
        #expect(configuration.pluginDirectories == ["\(folder.path)/plugins.d", "\(parent)/shared-plugins"])
        #expect(configuration.channels.first?.location.description == "\(file):5:5")
    }

    @Test func aMissingFileSaysSoAndSuggestsTheExample() throws {
        let folder = try TemporaryDirectory()
        let path = "\(folder.path)/config.yaml"
        #expect(throws: ConfigErrors.self) { try ConfigLoader.load(path: path, environment: [:]) }
        do {
            _ = try ConfigLoader.load(path: path, environment: [:])
        } catch {
            #expect(error.description == "\(path): file not found; to start, copy config.yaml.example to \(path) and edit it")
        }
    }

    @Test func problemsInDifferentSectionsAreReportedTogether() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("""
            host:
              log_format: xml
            channels:
              - id: demo
                provider: ${PROVIDER}
            """, to: "config.yaml")
        do {
            _ = try ConfigLoader.load(path: file, environment: [:])
            Issue.record("expected the configuration to be rejected")
        } catch {
            #expect(error.errors.map(\.description) == [
                "\(file):2:15: host.log_format: expected one of text, json, found string \"xml\"",
                "\(file):5:15: channels[0].provider: environment variable PROVIDER is not set",
            ])
        }
    }
}
