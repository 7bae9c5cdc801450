/// A channel's settings after validation: what its provider plugin receives, and what may be shown.
public struct ResolvedSettings: Sendable {
    /// The settings as a canonical JSON object (keys sorted, defaults filled, secrets read):
    /// what the plugin's `create()` receives.
    public let json: String
    /// The same with every `x-secret` value masked (see `SettingsSchema.mask(secret:)`), for logs and the admin API.
    public let maskedJSON: String

    /// Settings as given.
    public init(json: String, maskedJSON: String) {
        self.json = json
        self.maskedJSON = maskedJSON
    }
}

extension SwitchboardConfiguration {
    /// Validates one channel's settings against its provider's schema; all problems, each with position and key path.
    public func resolveSettings(of channel: ChannelConfiguration, schema: SettingsSchema) -> Result<ResolvedSettings, ConfigErrors> {
        let errors = ErrorCollector()
        let validator = SettingsValidator(secretFiles: SecretFileReader(baseDirectory: baseDirectory, errors: errors),
                                          errors: errors)
        let settingsPath = channel.path.appending("settings")
        guard let value = validator.validate(channel.settings, against: schema.root, at: settingsPath), errors.isEmpty else {
            return .failure(errors.sorted)
        }
        return .success(ResolvedSettings(json: value.description, maskedJSON: schema.root.masking(value).description))
    }
}
