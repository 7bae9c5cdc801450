import CSwitchboardABI
public import SwitchboardConfig

/// A plugin that passed every check at load: its descriptor (copied into host
/// memory), what it declared, and the extension tables it offers.
///
/// `@unchecked Sendable`: every stored property is immutable after load, and the
/// pointers inside the descriptor point at the plugin's static, never-unloaded data.
public final class LoadedPlugin: @unchecked Sendable {
    public let file: String
    public let origin: PluginOrigin
    public let info: PluginInfo
    /// The schema channel settings are validated against.
    public let settingsSchema: SettingsSchema
    let descriptor: sb_plugin_descriptor
    let editExtension: sb_edit_extension?
    let typingExtension: sb_typing_extension?
    let streamExtension: sb_stream_extension?

    init(
        file: String, origin: PluginOrigin, info: PluginInfo, settingsSchema: SettingsSchema,
        descriptor: sb_plugin_descriptor, editExtension: sb_edit_extension?,
        typingExtension: sb_typing_extension?, streamExtension: sb_stream_extension?
    ) {
        self.file = file
        self.origin = origin
        self.info = info
        self.settingsSchema = settingsSchema
        self.descriptor = descriptor
        self.editExtension = editExtension
        self.typingExtension = typingExtension
        self.streamExtension = streamExtension
    }

    /// The plugin's table for `extensionID`, or nil when it offers none. [any-thread]
    func extensionTable(_ extensionID: String) -> UnsafeRawPointer? {
        guard let getExtension = descriptor.get_extension else { return nil }
        return extensionID.withCString { getExtension($0) }
    }
}
