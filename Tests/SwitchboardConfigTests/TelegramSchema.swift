import SwitchboardConfig

/// A provider schema shaped like a real one: a secret, an enum, bounds, a nested object, an array.
let telegramSchemaJSON = """
    {
      "type": "object",
      "properties": {
        "token": {"type": "string", "x-secret": true, "description": "bot token from @BotFather"},
        "chat_id": {"type": "string"},
        "mode": {"type": "string", "enum": ["polling", "webhook"], "default": "polling"},
        "poll_timeout_s": {"type": "integer", "minimum": 1, "maximum": 60, "default": 30},
        "ratio": {"type": "number"},
        "verbose": {"type": "boolean", "default": false},
        "admins": {"type": "array", "items": {"type": "integer"}},
        "webhook": {
          "type": "object",
          "properties": {
            "port": {"type": "integer", "default": 8443},
            "path": {"type": "string", "pattern": "^/"},
            "secret": {"type": "string", "x-secret": true}
          }
        }
      },
      "required": ["token"]
    }
    """

/// The Telegram-like schema, parsed.
func telegramSchema() throws -> SettingsSchema {
    try SettingsSchema(json: telegramSchemaJSON)
}

/// A file with one Telegram channel whose `settings` mapping is `settingsLines` (written without indentation).
/// The first settings line is line 5 of the file and its keys start in column 7.
func telegramChannelYAML(_ settingsLines: String) -> String {
    let indented = settingsLines.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
    return "channels:\n  - id: tg\n    provider: telegram\n    settings:\n\(indented)\n"
}
