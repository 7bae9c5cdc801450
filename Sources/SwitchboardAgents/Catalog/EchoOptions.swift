import SwitchboardConfig
import SwitchboardCore

/// `echo`: `delay_ms` makes it pretend to think, `word_interval_ms` write word by word,
/// for demos and tests of slow and streaming agents.
struct EchoOptions: AgentOptions {
    let delayMS: Int?
    let wordIntervalMS: Int?

    enum Key: String, CodingKey, CaseIterable {
        case delayMS = "delay_ms", wordIntervalMS = "word_interval_ms"
    }

    typealias CodingKeys = Key

    func agent(_ source: OptionsSource) throws(ConfigError) -> EchoAgent {
        for (key, value) in [(Key.delayMS, delayMS), (.wordIntervalMS, wordIntervalMS)] {
            if let value, value < 0 { throw source.error(key, "must be at least 0, found \(value)") }
        }
        return EchoAgent(delay: .milliseconds(delayMS ?? 0), wordInterval: .milliseconds(wordIntervalMS ?? 0))
    }
}
