/*
 * switchboard/plugin.h: the Switchboard provider plugin ABI, version 1.0.
 *
 * This header is the whole contract between the Switchboard host and a provider
 * plugin (a shared library that connects the host to one chat platform). It is
 * plain C99 and stable: members are only ever appended to the structs below, never
 * reordered, retyped or removed, and every struct that crosses the boundary starts
 * with `struct_size` so either side can tell which members the other knows.
 *
 * ----------------------------------------------------------------------------
 * Thread tags. Every function pointer carries exactly one of these:
 *
 *   [load-thread]        Called by the host's loader, once, before any instance
 *                        of the plugin exists. Never concurrently with anything
 *                        else of this plugin.
 *   [instance-executor]  Called on the serial executor of one instance: the host
 *                        never makes two such calls for the same instance at the
 *                        same time, and every completion the host hands back to
 *                        an instance arrives on that executor too. Different
 *                        instances may run in parallel on different threads. A
 *                        provider needs no locks of its own. Serial is not the
 *                        same as one thread: consecutive calls may come from
 *                        different OS threads, so do not rely on thread-local
 *                        storage or thread-affine libraries.
 *   [any-thread]         May be called from any thread, concurrently and
 *                        re-entrantly (also from inside another call of this ABI).
 *
 * Ownership. Unless a comment says otherwise:
 *   - A pointer argument is BORROWED for the duration of the call. The callee
 *     copies whatever it wants to keep.
 *   - Whatever one side allocates, the same side frees.
 *   - Strings are UTF-8, NUL-terminated. Static strings of a descriptor live until
 *     the process exits (the host never unloads a plugin).
 *
 * Errors. Functions report failure as an `int32_t` code (SB_ERR_*) plus a
 * human-readable message, never by unwinding across the boundary. An `sb_error *`
 * the host passes is never NULL.
 *
 * Writers of a struct zero it whole (memset or `= {0}`) before filling it, and set
 * struct_size to sizeof; no struct has tail padding, so struct_size never covers
 * bytes that are not members.
 *
 * Lifecycle of an instance: create → start → (stop → start)* → stop → destroy.
 * stop() also follows a start() that failed. Reporting SB_STATUS_DISCONNECTED makes
 * the host call stop() and, after a backoff, start() on the same instance; the
 * plugin need not reconnect by itself.
 * ----------------------------------------------------------------------------
 */
#ifndef SWITCHBOARD_PLUGIN_H
#define SWITCHBOARD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version --------------------------------------------------------------
 * version = (major << 16) | minor. Majors must match; a higher minor only adds.
 * These are plain literals so that Swift imports them.
 */
#define SB_ABI_VERSION_MAJOR 1
#define SB_ABI_VERSION_MINOR 0
#define SB_ABI_VERSION 0x00010000u

/* The one symbol a plugin exports. */
#define SB_PLUGIN_ENTRY_SYMBOL "switchboard_plugin_entry"

/* Marks the entry function exported when building with -fvisibility=hidden. */
#if defined(__GNUC__) || defined(__clang__)
#define SB_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define SB_PLUGIN_EXPORT
#endif

/* ---- Result codes ---------------------------------------------------------- */
#define SB_OK 0
#define SB_ERR_INVALID_ARGUMENT 1 /* the caller passed something malformed */
#define SB_ERR_UNSUPPORTED 2      /* the operation is not available here */
#define SB_ERR_NOT_FOUND 3        /* the chat or message is unknown to the platform */
#define SB_ERR_RATE_LIMITED 4     /* try again after sb_send_result.retry_after_ms */
#define SB_ERR_TRANSIENT 5        /* network or server failure; retrying may succeed */
#define SB_ERR_AUTH 6             /* credentials rejected; retrying will not help */
#define SB_ERR_TOO_LARGE 7        /* the content exceeds a platform limit */
#define SB_ERR_NOT_CONNECTED 8    /* the instance is not started or lost its link */
#define SB_ERR_DUPLICATE 9        /* deliver: already stored; acknowledge and drop */
#define SB_ERR_NOT_MODIFIED 10    /* edit: the new content equals the old */
#define SB_ERR_SHUTTING_DOWN 11   /* the operation was abandoned by stop() */
#define SB_ERR_INTERNAL 12        /* a bug or an unexpected state */

/* ---- Log levels (same order as swift-log) ---------------------------------- */
#define SB_LOG_TRACE 0
#define SB_LOG_DEBUG 1
#define SB_LOG_INFO 2
#define SB_LOG_NOTICE 3
#define SB_LOG_WARNING 4
#define SB_LOG_ERROR 5
#define SB_LOG_CRITICAL 6

/* ---- Channel states reported with sb_host.set_status ------------------------ */
#define SB_STATUS_CONNECTING 1   /* working on a connection */
#define SB_STATUS_CONNECTED 2    /* receiving and able to send */
#define SB_STATUS_DISCONNECTED 3 /* lost the link; the host calls stop(), then start() after a backoff */
#define SB_STATUS_FAILED 4       /* a permanent error (e.g. bad credentials); the host stops the channel */

/* ---- Chat types -------------------------------------------------------------- */
#define SB_CHAT_PRIVATE 1
#define SB_CHAT_GROUP 2

/* ---- Units of a message limit ----------------------------------------------- */
#define SB_UNIT_UTF16 1      /* UTF-16 code units (Telegram) */
#define SB_UNIT_BYTES 2      /* bytes of UTF-8 (WeCom) */
#define SB_UNIT_CHARACTERS 3 /* Unicode scalar values */

/* ---- Streaming modes (bit set; 0 means replies are sent whole) -------------- */
#define SB_STREAM_EDIT 0x1u   /* send a placeholder, then edit it in place (needs switchboard.edit/1) */
#define SB_STREAM_DRAFT 0x2u  /* ephemeral draft previews, then a final message (needs switchboard.stream/1) */
#define SB_STREAM_NATIVE 0x4u /* the platform's own stream start/append/stop (needs switchboard.stream/1) */
#define SB_STREAM_APPEND 0x8u /* chunks accumulate under one stable message id, no placeholder (needs switchboard.stream/1) */

/* ---- Features (bit set) ----------------------------------------------------- */
#define SB_FEATURE_GROUPS 0x1u   /* group chats */
#define SB_FEATURE_THREADS 0x2u  /* threads or topics inside a chat */
#define SB_FEATURE_TYPING 0x4u   /* a typing indicator (needs switchboard.typing/1) */
#define SB_FEATURE_REPLY_TO 0x8u /* replies that quote an earlier message */
#define SB_FEATURE_MARKDOWN 0x10u /* outbound text may be Markdown: agents' answers then come as SB_FORMAT_MARKDOWN */

/* ---- Outbound text formats --------------------------------------------------- */
#define SB_FORMAT_PLAIN 0
#define SB_FORMAT_MARKDOWN 1

/* Capacity of sb_error.message, including the terminating NUL. */
#define SB_ERROR_MESSAGE_CAPACITY 512

/* ---- Opaque handles ----------------------------------------------------------- */

/* One running channel of a plugin. Created by create(), owned by the plugin, valid
 * until destroy() returns. */
typedef struct sb_instance sb_instance;

typedef struct sb_host sb_host;

/* ---- Structs -------------------------------------------------------------------- */

/* A failure description filled by the callee. The caller zeroes it and sets
 * struct_size; the callee writes `code` and a NUL-terminated `message` (truncated to
 * fit) and returns the same code. */
typedef struct sb_error {
    uint32_t struct_size;
    int32_t code;
    char message[SB_ERROR_MESSAGE_CAPACITY];
} sb_error;

/* What a provider can do. The host's streaming emitter picks its strategy from
 * these declarations, never from the platform's name. */
typedef struct sb_capabilities {
    uint32_t struct_size;
    uint32_t message_limit;     /* longest single message, in message_limit_unit; 0 = no limit */
    int32_t message_limit_unit; /* SB_UNIT_* */
    uint32_t streaming_modes;   /* SB_STREAM_* bits */
    uint32_t features;          /* SB_FEATURE_* bits */
} sb_capabilities;

/* A message a user sent, handed to the host by sb_host.deliver. The channel is the
 * one whose sb_host it is delivered through. Every pointer is borrowed for the
 * duration of deliver(). */
typedef struct sb_inbound_message {
    uint32_t struct_size;
    const char *message_id;  /* required: the platform's id, unique within the channel */
    const char *chat_id;     /* required */
    int32_t chat_type;       /* required: SB_CHAT_* */
    const char *sender_id;   /* required: the platform's user id */
    const char *sender_name; /* optional: display name */
    const char *text;        /* required, may be empty */
    int32_t mentions_bot;    /* 1 when the bot was mentioned (by entity, @name or reply), else 0 */
    const char *reply_to_id; /* optional: the message this one replies to */
    const char *thread_id;   /* optional: thread or topic inside the chat */
    int64_t timestamp_ms;    /* Unix time in milliseconds; 0 = unknown (the host uses arrival time) */
    const char *raw_json;    /* optional: the platform's original payload, for agents and audits */
} sb_inbound_message;

/* A message the host asks a provider to send. Borrowed for the duration of send(). */
typedef struct sb_outbound_message {
    uint32_t struct_size;
    const char *chat_id;     /* required */
    int32_t chat_type;       /* SB_CHAT_* of the chat, as delivered */
    const char *text;        /* required; within the declared message limit */
    int32_t format;          /* SB_FORMAT_* */
    const char *reply_to_id; /* optional */
    const char *thread_id;   /* optional */
    /* Unique per reply and the same each time the host sends that reply again (after
     * a crash it cannot tell whether the first send arrived). A platform that drops
     * repeated sends by a client key (Discord's nonce, say) should pass it on. */
    const char *idempotency_key;
} sb_outbound_message;

/* The outcome of an outbound operation, passed to its sb_send_callback. Borrowed
 * for the duration of the callback. */
typedef struct sb_send_result {
    uint32_t struct_size;
    int32_t code;              /* SB_OK or SB_ERR_* */
    const char *message_id;    /* on success: the platform id of the message sent or edited (may be NULL) */
    const char *error_message; /* on failure: what went wrong (may be NULL) */
    int64_t retry_after_ms;    /* with SB_ERR_RATE_LIMITED: how long the platform asked to wait */
} sb_send_result;

/* Completion of an outbound operation. [any-thread]
 * Called exactly once per operation, possibly before the operation's function
 * returns. `token` is the value the host passed with the operation. */
typedef void (*sb_send_callback)(void *token, const sb_send_result *result);

/* Completion of sb_host.deliver. [instance-executor]
 * For a delivery made while the instance is started, called exactly once, never from
 * inside deliver() itself, and at the latest just before the host calls stop(): a
 * delivery whose storing has not finished by then completes with
 * SB_ERR_SHUTTING_DOWN (not stored; the platform will deliver it again and the host
 * recognises the repeat). A delivery made while the instance is not started (in
 * create(), before start(), during or after stop()) is not stored and its callback
 * is never called. The callback passed to deliver() may be NULL.
 *   SB_OK            the message is stored durably: acknowledge it to the platform
 *                    or advance the polling cursor now.
 *   SB_ERR_DUPLICATE the message was stored before: acknowledge it and drop it.
 *   anything else    not stored (`message` says why): do not acknowledge, so the
 *                    platform delivers it again.
 * `message` is borrowed for the duration of the call and may be NULL. */
typedef void (*sb_deliver_callback)(void *user_data, int32_t code, const char *message);

/* The host's side of one channel, handed to create(). Owned by the host and valid,
 * unchanged, until destroy() of the instance created with it returns. */
struct sb_host {
    uint32_t struct_size;
    uint32_t abi_version;   /* the host's SB_ABI_VERSION */
    const char *channel_id; /* the channel this instance serves */
    void *host_data;        /* the host's own; plugins must not touch it */

    /* Write one log line under this channel's label. [any-thread] */
    void (*log)(const sb_host *host, int32_t level, const char *message);

    /* Hand an inbound message to the host. [any-thread]
     * The host stores it, then calls `stored` (see sb_deliver_callback) with
     * `user_data` on this instance's executor. Only create() may not call this. */
    void (*deliver)(const sb_host *host, const sb_inbound_message *message,
                    sb_deliver_callback stored, void *user_data);

    /* Report the connection state (SB_STATUS_*), with an optional detail such as
     * the error that caused it. [any-thread] */
    void (*set_status)(const sb_host *host, int32_t state, const char *detail);

    /* Look up a host service by versioned id, e.g. "switchboard.timer/1".
     * Returns a static table whose first member is uint32_t struct_size, or NULL
     * when the host does not offer it. [any-thread] */
    const void *(*get_extension)(const sb_host *host, const char *extension_id);
};

/* What a plugin is and does. Returned by the entry function; must stay valid and
 * unchanged until the process exits (normally a static const). */
typedef struct sb_plugin_descriptor {
    uint32_t struct_size;
    uint32_t abi_version; /* SB_ABI_VERSION the plugin was built against */

    const char *id;          /* required: unique, stable, [a-z0-9._-], e.g. "telegram" */
    const char *name;        /* required: human-readable name */
    const char *version;     /* required: the plugin's own version, e.g. "1.2.0" */
    /* The chat platform, e.g. "telegram": the plugin is a provider, and create,
     * start, stop, destroy, send and capabilities are required. NULL for a plugin
     * that only offers extensions (a user mapper, say): those members may be NULL,
     * get_extension is required, and no channel can use it as its provider. */
    const char *platform;
    const char *description; /* optional */

    /* Swift-built plugins: the toolchain and runtime they were built with (the
     * Swift provider kit fills it). The host refuses a plugin whose toolchain
     * differs from its own. NULL for plugins in C or another language. */
    const char *toolchain;

    /* JSON Schema (draft 2020-12 subset: type, properties, required, enum,
     * minimum, maximum, minLength, maxLength, pattern, items, default,
     * additionalProperties, description) of a channel's `settings`. A property
     * with "x-secret": true holds a secret: the host masks it in output and never
     * logs it. NULL when the plugin takes no settings. */
    const char *config_schema;

    const sb_capabilities *capabilities; /* required of providers */

    /* Create an instance for one channel. [instance-executor]
     * `host` stays valid until destroy(); `settings_json` (a JSON object, already
     * validated against config_schema, defaults filled in) is borrowed.
     * On success stores the new instance in *out_instance and returns SB_OK;
     * otherwise fills `error` and returns its code, and the channel is marked failed.
     * It may log, but must not deliver or report status until start(). */
    int32_t (*create)(const sb_host *host, const char *settings_json,
                      sb_instance **out_instance, sb_error *error);

    /* Begin serving: connect, poll, listen. Should not block on the network;
     * report progress with sb_host.set_status. [instance-executor]
     * Returns SB_OK, or fills `error` and returns its code. The host then calls
     * stop(); for SB_ERR_TRANSIENT, SB_ERR_NOT_CONNECTED and SB_ERR_RATE_LIMITED it
     * tries start() again after a backoff, for any other code it marks the channel
     * failed until an operator acts. */
    int32_t (*start)(sb_instance *instance, sb_error *error);

    /* Stop serving. When it returns, the instance makes no more host calls, and
     * every outstanding sb_send_callback has been called (SB_ERR_SHUTTING_DOWN is
     * fine). The host may call start() again later. Status reports made during stop()
     * are ignored. [instance-executor] */
    void (*stop)(sb_instance *instance);

    /* Free the instance. Called after stop(), once. [instance-executor] */
    void (*destroy)(sb_instance *instance);

    /* Send a text message; `done` is called exactly once with `done_token`.
     * [instance-executor] */
    void (*send)(sb_instance *instance, const sb_outbound_message *message,
                 sb_send_callback done, void *done_token);

    /* Look up an optional plugin feature by versioned id (see below). Returns a
     * static table whose first member is uint32_t struct_size, or NULL.
     * Optional: NULL when the plugin has no extensions. [any-thread] */
    const void *(*get_extension)(const char *extension_id);
} sb_plugin_descriptor;

/* The entry point, exported as SB_PLUGIN_ENTRY_SYMBOL. [load-thread]
 * `host_abi_version` is the host's SB_ABI_VERSION. Returns the plugin's descriptor,
 * or NULL if the plugin cannot work with that host (a different major, or a minor
 * lacking something it needs). */
typedef const sb_plugin_descriptor *(*sb_plugin_entry_fn)(uint32_t host_abi_version);

/* ---- Plugin extensions defined by ABI 1.0 ---------------------------------------
 * A plugin that declares a capability must return the matching table from
 * get_extension, or the host refuses it at load.
 */

/* Edit a sent message in place. Required by SB_STREAM_EDIT. */
#define SB_EDIT_EXTENSION_ID "switchboard.edit/1"

/* Borrowed for the duration of edit(). */
typedef struct sb_edit_request {
    uint32_t struct_size;
    const char *chat_id;    /* required */
    const char *message_id; /* required: as returned by an earlier send */
    const char *text;       /* required: the full new text */
    int32_t format;         /* SB_FORMAT_* */
    const char *thread_id;  /* optional */
} sb_edit_request;

typedef struct sb_edit_extension {
    uint32_t struct_size;
    /* Replace the text of a sent message. Unchanged text completes with
     * SB_ERR_NOT_MODIFIED. [instance-executor] */
    void (*edit)(sb_instance *instance, const sb_edit_request *request,
                 sb_send_callback done, void *done_token);
} sb_edit_extension;

/* Show that the bot is typing. Required by SB_FEATURE_TYPING. */
#define SB_TYPING_EXTENSION_ID "switchboard.typing/1"

typedef struct sb_typing_extension {
    uint32_t struct_size;
    /* Show the indicator in a chat (`thread_id` optional). Platforms expire it
     * after a few seconds; the host repeats the call while the agent works.
     * [instance-executor] */
    void (*set_typing)(sb_instance *instance, const char *chat_id, const char *thread_id,
                       sb_send_callback done, void *done_token);
} sb_typing_extension;

/* A reply streamed while the agent writes it. Required by SB_STREAM_DRAFT,
 * SB_STREAM_NATIVE and SB_STREAM_APPEND; the declared mode says what the
 * platform shows:
 *   DRAFT  updates are ephemeral previews; finish() sends the real message.
 *   NATIVE the platform's own stream: begin starts it, updates append, finish stops it.
 *   APPEND one stable message id; text accumulates; no placeholder is shown. */
#define SB_STREAM_EXTENSION_ID "switchboard.stream/1"

/* Borrowed for the duration of the call it is passed to. */
typedef struct sb_stream_update {
    uint32_t struct_size;
    const char *full_text; /* all text of the reply so far */
    const char *delta;     /* the text added since the previous update */
    int32_t format;        /* SB_FORMAT_* */
    int32_t reserved;      /* zero; keeps the struct free of tail padding */
    /* Optional progress to show with the stream ("analyzing the issue"), for platforms
     * that show a status instead of a "thinking" placeholder (append mode); NULL when
     * there is none. An update may carry only a status (empty delta). */
    const char *status;
} sb_stream_update;

typedef struct sb_stream_extension {
    uint32_t struct_size;
    /* Open a stream for a reply to `target` (its text is ignored). The result's
     * message_id is the stream id passed to update() and finish().
     * [instance-executor] */
    void (*begin)(sb_instance *instance, const sb_outbound_message *target,
                  sb_send_callback done, void *done_token);
    /* Show more of the reply. [instance-executor] */
    void (*update)(sb_instance *instance, const char *stream_id, const sb_stream_update *update,
                   sb_send_callback done, void *done_token);
    /* Close the stream with the final text. `outcome` is SB_OK, or an error code
     * when the reply failed and the platform should show it as failed. The
     * result's message_id is the id of the final message. [instance-executor] */
    void (*finish)(sb_instance *instance, const char *stream_id, const sb_stream_update *final_update,
                   int32_t outcome, sb_send_callback done, void *done_token);
} sb_stream_extension;

/* ---- Host extensions defined by ABI 1.0 (sb_host.get_extension) ---------------------- */

/* Timers that fire on the instance's executor. */
#define SB_TIMER_EXTENSION_ID "switchboard.timer/1"

/* A timer fired. [instance-executor] */
typedef void (*sb_timer_callback)(void *user_data);

typedef struct sb_timer_extension {
    uint32_t struct_size;
    /* Calls `fire` with `user_data` after `delay_ms`, then every `interval_ms` unless it
     * is 0, until cancelled or until the run ends (every timer is cancelled before stop()).
     * Returns the timer's id (> 0), or 0 when the instance is not started.
     * [instance-executor] */
    uint64_t (*schedule)(const sb_host *host, uint64_t delay_ms, uint64_t interval_ms,
                         sb_timer_callback fire, void *user_data);
    /* Cancels a timer: it does not fire once this returns. Unknown ids are ignored.
     * [instance-executor] */
    void (*cancel)(const sb_host *host, uint64_t timer_id);
} sb_timer_extension;

/* Small key/value state per channel, kept in the host's store across restarts: a
 * polling cursor, a token and its expiry. */
#define SB_STATE_EXTENSION_ID "switchboard.state/1"

/* The longest value, in bytes. */
#define SB_STATE_VALUE_LIMIT 65536

typedef struct sb_state_extension {
    uint32_t struct_size;
    /* Copies the value of `key` (UTF-8) into `buffer` with a terminating NUL and stores
     * its length in *length. Returns SB_OK; SB_ERR_NOT_FOUND when the key has no value;
     * SB_ERR_TOO_LARGE when `capacity` is too small, with *length the length needed.
     * [instance-executor] */
    int32_t (*get)(const sb_host *host, const char *key, char *buffer, size_t capacity, size_t *length);
    /* Stores `value` for `key` (NULL deletes it); on disk when it returns. Returns SB_OK,
     * or SB_ERR_TOO_LARGE past SB_STATE_VALUE_LIMIT, or SB_ERR_INTERNAL when the store
     * fails. [instance-executor] */
    int32_t (*set)(const sb_host *host, const char *key, const char *value);
} sb_state_extension;

/* ---- Network services -----------------------------------------------------------------
 * Providers do no networking of their own: the host offers HTTP, WebSocket and webhook
 * ingress, so every channel shares one network stack, one proxy setting (the channel's
 * `network.proxy`, else the standard proxy environment variables) and one set of
 * timeouts. TLS certificates are always verified (against `network.ca_bundle` when set).
 *
 * Header fields cross as a flat array of 2 * header_count strings: name, value, name,
 * value, ... (NULL when header_count is 0).
 *
 * Everything a run opens (requests, sockets, the ingress handler, timers) ends with the
 * run: just before it calls stop(), the host cancels what is left open, without calling
 * any of its callbacks, so a provider frees the user data of those in stop().
 */

/* A response: the answer to an HTTP request, or a provider's answer to an ingress
 * request. Borrowed for the duration of the call it is passed to. */
typedef struct sb_http_response {
    uint32_t struct_size;
    int32_t status;              /* e.g. 200 */
    const char *const *headers;  /* header_count name/value pairs */
    size_t header_count;
    const uint8_t *body;         /* body_size bytes, not NUL-terminated; NULL when body_size is 0 */
    size_t body_size;
} sb_http_response;

/* Outbound HTTP on the host's libcurl event loop: no thread per request, so long polls
 * are cheap. */
#define SB_HTTP_EXTENSION_ID "switchboard.http/1"

/* Borrowed for the duration of request(); the host copies what it needs. */
typedef struct sb_http_request {
    uint32_t struct_size;
    uint32_t connect_timeout_ms;   /* connecting and the TLS handshake; 0 = 10 s */
    const char *method;            /* required: "GET", "POST", ... */
    const char *url;               /* required: an absolute http or https URL */
    const char *const *headers;    /* header_count name/value pairs */
    size_t header_count;
    const uint8_t *body;           /* body_size bytes; sent when not empty, and always for POST, PUT, PATCH */
    size_t body_size;
    uint32_t timeout_ms;           /* the whole exchange, body included; 0 = 30 s */
    uint32_t idle_timeout_ms;      /* fail when the server sends nothing this long; 0 = no such limit */
    uint64_t max_response_size;    /* the largest body accepted; 0 = 16 MiB. A longer one is cut off and fails */
} sb_http_request;

/* Where a request's response goes. Copied by request(). Every function is called with
 * the user_data given to request(), on the instance's executor, never from inside
 * request() itself. */
typedef struct sb_http_handler {
    uint32_t struct_size;
    uint32_t reserved;  /* zero */
    /* Optional: the status and header fields are in (`head` has no body). [instance-executor] */
    void (*on_head)(void *user_data, const sb_http_response *head);
    /* Optional: the next piece of the body, as it arrives. When set, the body is not
     * collected: on_complete's response has none. For long or endless responses.
     * [instance-executor] */
    void (*on_body)(void *user_data, const uint8_t *bytes, size_t size);
    /* Required: the request ended. Called exactly once, last, unless the request was
     * cancelled. On success `response` holds the answer, whatever its status, and
     * `error` is NULL; on failure `response` is NULL and `error` says why:
     * SB_ERR_TRANSIENT (no connection, timed out, connection broken; the message says
     * which), SB_ERR_TOO_LARGE (the body passed max_response_size),
     * SB_ERR_INVALID_ARGUMENT (a URL or header field that cannot be sent).
     * [instance-executor] */
    void (*on_complete)(void *user_data, const sb_http_response *response, const sb_error *error);
} sb_http_handler;

typedef struct sb_http_extension {
    uint32_t struct_size;
    /* Starts a request. Returns its id (> 0). Returns 0 and fills `error` when the
     * request is malformed (SB_ERR_INVALID_ARGUMENT) or the instance is not started
     * (SB_ERR_NOT_CONNECTED); the handler is then never called. [instance-executor] */
    uint64_t (*request)(const sb_host *host, const sb_http_request *request,
                        const sb_http_handler *handler, void *user_data, sb_error *error);
    /* Aborts a request: none of its handler's functions is called once this returns.
     * Finished or unknown ids are ignored. [instance-executor] */
    void (*cancel)(const sb_host *host, uint64_t request_id);
} sb_http_extension;

/* WebSocket client connections (ws:// and wss://), for platforms that push events over a
 * long-lived socket. The host answers the peer's pings itself. */
#define SB_WEBSOCKET_EXTENSION_ID "switchboard.websocket/1"

/* Kinds of WebSocket messages. */
#define SB_WEBSOCKET_TEXT 1   /* UTF-8 text (checked by the host on receipt) */
#define SB_WEBSOCKET_BINARY 2

/* Borrowed for the duration of open(). */
typedef struct sb_websocket_options {
    uint32_t struct_size;
    /* Send a ping this often; when the peer has not answered one by the time the next
     * is due, the connection is closed as dead. 0 = no pings. */
    uint32_t ping_interval_ms;
    const char *url;             /* required: ws:// or wss:// */
    const char *const *headers;  /* header_count name/value pairs for the opening handshake */
    size_t header_count;
    uint32_t connect_timeout_ms; /* connecting, TLS and the handshake; 0 = 10 s */
    uint32_t max_message_size;   /* the largest message accepted, in bytes; 0 = 1 MiB */
} sb_websocket_options;

/* Where a connection's events go. Copied by open(). Every function is called with the
 * user_data given to open(), on the instance's executor, never from inside open(). */
typedef struct sb_websocket_handler {
    uint32_t struct_size;
    uint32_t reserved;  /* zero */
    /* Required: the handshake succeeded; send() works from now on. [instance-executor] */
    void (*on_open)(void *user_data);
    /* Required: a whole message (fragments joined). Text is not NUL-terminated.
     * [instance-executor] */
    void (*on_message)(void *user_data, int32_t kind, const uint8_t *data, size_t size);
    /* Required: the connection ended, once, last, unless close() ended it.
     * `close_code` is the peer's close code (1000 normal, 1001 going away, ...); 0 when
     * the connection failed instead, `error` then says how: SB_ERR_TRANSIENT when it
     * was refused, the handshake was declined or timed out, or it ended without a close
     * frame (dropped, pings unanswered, a frame that is not WebSocket or larger than
     * max_message_size); SB_ERR_TOO_LARGE for a fragmented message that outgrew
     * max_message_size; SB_ERR_INVALID_ARGUMENT for invalid UTF-8 text. `error` is NULL
     * after a close frame. [instance-executor] */
    void (*on_close)(void *user_data, int32_t close_code, const sb_error *error);
} sb_websocket_handler;

typedef struct sb_websocket_extension {
    uint32_t struct_size;
    /* Starts connecting. Returns the connection's id (> 0), or 0 with `error` filled
     * (SB_ERR_INVALID_ARGUMENT, SB_ERR_NOT_CONNECTED when the instance is not started).
     * [instance-executor] */
    uint64_t (*open)(const sb_host *host, const sb_websocket_options *options,
                     const sb_websocket_handler *handler, void *user_data, sb_error *error);
    /* Queues one message (SB_WEBSOCKET_*; `data` is copied). Returns SB_OK, or
     * SB_ERR_NOT_CONNECTED before on_open and after the connection ended, with `error`
     * filled. [instance-executor] */
    int32_t (*send)(const sb_host *host, uint64_t socket_id, int32_t kind,
                    const uint8_t *data, size_t size, sb_error *error);
    /* Closes the connection with `code` (1000 unless it is one a peer accepts: 1000-1003,
     * 1007-1014, 3000-4999) and an optional reason (cut to 123 bytes). No handler
     * function is called once this returns. Unknown ids are ignored. [instance-executor] */
    void (*close)(const sb_host *host, uint64_t socket_id, int32_t code, const char *reason);
} sb_websocket_extension;

/* Webhook ingress: the host's HTTP server (host.ingress_listen, loopback by default)
 * hands a channel every request under /hooks/<channel-id>/, raw body and all, and the
 * provider answers it: verify a signature over the exact bytes, answer a challenge.
 * The host answers for the provider when it cannot: 413 for a body over
 * host.ingress_max_body_bytes, 408 for a body that takes over 10 s to arrive, 503 for a
 * channel that is not listening or has 256 requests waiting, 504 for a request not
 * answered within 10 s. */
#define SB_INGRESS_EXTENSION_ID "switchboard.ingress/1"

/* Borrowed for the duration of the handler call. */
typedef struct sb_ingress_request {
    uint32_t struct_size;
    uint32_t reserved;           /* zero */
    uint64_t request_id;         /* pass to respond() */
    const char *method;          /* e.g. "POST" */
    const char *path;            /* below the channel's root, starting with "/": "/" for the root;
                                    as sent, not percent-decoded or normalised */
    const char *query;           /* the raw query without "?"; "" when there is none */
    const char *const *headers;  /* header_count name/value pairs, as received */
    size_t header_count;
    const uint8_t *body;         /* the raw body, body_size bytes; NULL when empty */
    size_t body_size;
} sb_ingress_request;

/* A request arrived for the channel. Answer it with respond(), now or later.
 * [instance-executor] */
typedef void (*sb_ingress_handler)(void *user_data, const sb_ingress_request *request);

typedef struct sb_ingress_extension {
    uint32_t struct_size;
    /* Routes the channel's requests to `handler` with `user_data` for the rest of the run.
     * A second call replaces the handler, and requests the first one has not answered
     * get 503. Request ids are never reused. Returns SB_OK, or fills `error`
     * (SB_ERR_NOT_CONNECTED when the instance is not started, SB_ERR_UNSUPPORTED when the
     * host serves no ingress, SB_ERR_TRANSIENT when its server cannot listen now: the
     * address is taken, say). [instance-executor] */
    int32_t (*listen)(const sb_host *host, sb_ingress_handler handler, void *user_data, sb_error *error);
    /* Answers request `request_id`, once. Returns SB_OK; SB_ERR_NOT_FOUND when the
     * request is unknown, answered already or timed out; SB_ERR_INVALID_ARGUMENT when
     * `response` is malformed (the host then answers 500). [instance-executor] */
    int32_t (*respond)(const sb_host *host, uint64_t request_id, const sb_http_response *response);
    /* Copies the URL under which the platform reaches the channel's root (what to pass
     * to a setWebhook call), with a terminating NUL, and stores its length in *length:
     * host.ingress_public_url + "/hooks/<channel-id>", else the listen address (its real
     * port once listen() succeeded; set ingress_public_url when it is a wildcard). Returns
     * SB_OK, or SB_ERR_TOO_LARGE when `capacity` is too small (*length is then the length
     * needed). [any-thread] */
    int32_t (*public_url)(const sb_host *host, char *buffer, size_t capacity, size_t *length);

    /* Streamed answers (server-sent events, a long download): a response whose body
     * follows in pieces for as long as the provider keeps it open. Check for them with
     * SB_STRUCT_HAS(table, sb_ingress_extension, finish_streaming). */

    /* Answers request `request_id` like respond(), but leaves the response open: the
     * status, header fields and `head`'s body (if any, as the first piece) go out now,
     * and the 10 s answer limit no longer applies. Send the rest with write_streaming()
     * and end it with finish_streaming(). The host ends it itself when the run ends, and
     * when a later listen() replaces the handler. Returns SB_OK, or what respond()
     * returns. [instance-executor] */
    int32_t (*respond_streaming)(const sb_host *host, uint64_t request_id, const sb_http_response *head);
    /* Queues the next piece of an open response (`data` is copied) and returns at once.
     * Returns SB_OK; SB_ERR_NOT_CONNECTED when the client has gone (writes find that out:
     * one soon after the client left may still return SB_OK, so a provider that keeps
     * responses open writes a keep-alive now and then); SB_ERR_TOO_LARGE when the client reads
     * so slowly that over 1 MiB would wait for it (a single piece over 1 MiB counts too): the
     * host has then cut the response off, dropping the connection so the client sees it
     * incomplete;
     * SB_ERR_NOT_FOUND for an id that is not an open response. After any error the id
     * is forgotten: finish_streaming() is not needed. [instance-executor] */
    int32_t (*write_streaming)(const sb_host *host, uint64_t request_id, const uint8_t *data, size_t size);
    /* Ends an open response once what was written has gone out. Unknown or ended ids are
     * ignored. [instance-executor] */
    void (*finish_streaming)(const sb_host *host, uint64_t request_id);
} sb_ingress_extension;

/* ---- Plugin extensions for the host's own work --------------------------------------- */

/* Decides which Switchboard user a platform identity belongs to, replacing the default
 * (a user per identity). Configured with `users: {mapper: plugin, plugin: <id>}`.
 * Identities mapped to the same username share one user, across platforms. */
#define SB_USER_MAPPER_EXTENSION_ID "switchboard.user-mapper/1"

/* Borrowed for the duration of map(). */
typedef struct sb_identity {
    uint32_t struct_size;
    const char *platform;     /* e.g. "telegram" */
    const char *channel_id;   /* the channel the user first wrote on */
    const char *user_id;      /* the platform's user id */
    const char *display_name; /* optional */
} sb_identity;

/* Borrowed for the duration of the sb_map_callback it is passed to. */
typedef struct sb_mapped_user {
    uint32_t struct_size;
    const char *username;     /* required: the key; equal usernames are one user */
    const char *email;        /* optional */
    const char *display_name; /* optional */
    const char *auth_source;  /* optional: who vouched for the user; default the plugin id */
} sb_mapped_user;

/* Completion of map(). [any-thread] Called exactly once, possibly before map()
 * returns. SB_OK with a user: that user. SB_OK with NULL, or SB_ERR_NOT_FOUND: the
 * default mapping. Any other code: the identity cannot be mapped now (`message`
 * says why); the host tells the user to try again later. */
typedef void (*sb_map_callback)(void *token, int32_t code, const sb_mapped_user *user, const char *message);

typedef struct sb_user_mapper_extension {
    uint32_t struct_size;
    /* Map one identity; called once per identity, on its first message. The host
     * gives up after 10 seconds. [any-thread] */
    void (*map)(const sb_identity *identity, sb_map_callback done, void *token);
} sb_user_mapper_extension;

/* ---- Helpers ------------------------------------------------------------------------- */

/* Reads a struct the other side wrote: copies what it wrote into `destination` (the
 * reader's own struct, `destination_size` = its sizeof) and zeroes the members the
 * writer does not know. Returns 0, copying nothing, when the writer's struct_size is
 * below `required_size` (what the reader needs, normally the end of the last member
 * of the minor it was written for). [any-thread] */
static inline int sb_struct_read(void *destination, size_t destination_size, const void *source, size_t required_size) {
    uint32_t declared_size;
    memcpy(&declared_size, source, sizeof declared_size);
    if (declared_size < required_size) return 0;
    memset(destination, 0, destination_size);
    memcpy(destination, source, declared_size < destination_size ? declared_size : destination_size);
    return 1;
}

/* ---- Helpers for C plugins (not imported by Swift) --------------------------------- */

/* True when `ptr` (a struct starting with struct_size) is large enough to hold `member`. */
#define SB_STRUCT_HAS(ptr, type, member) \
    ((ptr)->struct_size >= offsetof(type, member) + sizeof(((type *)0)->member))

#define SB_ABI_MAJOR_OF(version) ((uint32_t)(version) >> 16)
#define SB_ABI_MINOR_OF(version) ((uint32_t)(version) & 0xFFFFu)

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_PLUGIN_H */
