import GRDB

/// The schema, one migration per change. Never edit a shipped migration: add one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: inbox, outbox, users, conversations") { db in
            try db.execute(sql: """
                CREATE TABLE inbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel_id TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    chat_key TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    outcome TEXT,
                    finished_at REAL,
                    UNIQUE (channel_id, message_id)
                );
                CREATE INDEX inbox_unfinished ON inbox (id) WHERE outcome IS NULL;

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    inbox_id INTEGER NOT NULL REFERENCES inbox (id),
                    sequence INTEGER NOT NULL,
                    channel_id TEXT NOT NULL,
                    chat_id TEXT NOT NULL,
                    chat_type TEXT NOT NULL,
                    thread_id TEXT,
                    reply_to_id TEXT,
                    text TEXT NOT NULL,
                    format TEXT NOT NULL,
                    sent_at REAL,
                    platform_message_id TEXT,
                    failure TEXT,
                    UNIQUE (inbox_id, sequence)
                );

                CREATE TABLE users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    username TEXT NOT NULL UNIQUE,
                    email TEXT,
                    display_name TEXT,
                    auth_source TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE identities (
                    platform TEXT NOT NULL,
                    platform_user_id TEXT NOT NULL,
                    user_id INTEGER NOT NULL REFERENCES users (id),
                    display_name TEXT,
                    first_channel_id TEXT NOT NULL,
                    linked_at REAL NOT NULL,
                    PRIMARY KEY (platform, platform_user_id)
                );

                CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user_id INTEGER NOT NULL REFERENCES users (id),
                    mode TEXT NOT NULL,
                    title TEXT NOT NULL,
                    origin_channel_id TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    last_active_at REAL NOT NULL,
                    context_starts_after INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX conversations_by_user ON conversations (user_id, mode, last_active_at);
                CREATE TABLE conversation_messages (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
                    role TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE INDEX conversation_messages_by_conversation ON conversation_messages (conversation_id, id);

                CREATE TABLE chat_contexts (
                    context_key TEXT PRIMARY KEY,
                    conversation_id INTEGER REFERENCES conversations (id),
                    mode TEXT NOT NULL,
                    selection TEXT,
                    selection_expires_at REAL
                );

                CREATE TABLE pairing_requests (
                    channel_id TEXT NOT NULL,
                    platform_user_id TEXT NOT NULL,
                    code TEXT NOT NULL UNIQUE,
                    display_name TEXT,
                    requested_at REAL NOT NULL,
                    approved_at REAL,
                    PRIMARY KEY (channel_id, platform_user_id)
                );
                """)
        }
        migrator.registerMigration("v2: channel state") { db in
            try db.execute(sql: """
                CREATE TABLE channel_state (
                    channel_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (channel_id, key)
                );
                """)
        }
        return migrator
    }
}
