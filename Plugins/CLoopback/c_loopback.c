/*
 * c_loopback.c: the loopback provider written in plain C, against switchboard/plugin.h
 * alone. It is the smallest complete provider and the example for plugin authors:
 *
 *   cc -std=c99 -Wall -Wextra -pedantic -shared -fPIC -fvisibility=hidden \
 *      -I Sources/CSwitchboardABI/include -o c-loopback.so Plugins/CLoopback/c_loopback.c
 *
 * It talks to no platform. A host-side test drives it through the
 * switchboard.loopback/1 extension: inject() delivers a message as if a user sent it,
 * observe() reports every message the host sends. Settings:
 *
 *   bot_name                 (string, required) the bot's display name
 *   disconnect_first_starts  (integer, default 0) report a lost link on the first N
 *                            starts, to exercise the host's reconnect with backoff
 *   token                    (string, secret, optional) unused; shows secret masking
 *   report_in_stop           (boolean, default false) report a lost link from inside
 *                            stop(), which the header allows and the host must ignore
 *
 * Threading: every function below is called on the instance's serial executor
 * ([instance-executor]), so the instance needs no locks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/ext/loopback.h"
#include "switchboard/plugin.h"

struct sb_instance {
    const sb_host *host; /* borrowed from the host, valid until destroy() */
    char *bot_name;
    long disconnect_first_starts;
    int report_in_stop;
    long starts;
    long sent;
    sb_loopback_observer observer;
    void *observer_context;
};

static int32_t fail(sb_error *error, int32_t code, const char *message) {
    if (error != NULL) {
        error->code = code;
        snprintf(error->message, sizeof error->message, "%s", message);
    }
    return code;
}

/* Finds "key": in a flat JSON object and returns a pointer to its value, or NULL.
 * The host hands over compact JSON it produced itself; a provider with nested
 * settings would use a JSON library instead. */
static const char *json_value(const char *json, const char *key) {
    size_t key_length = strlen(key);
    for (const char *at = strchr(json, '"'); at != NULL; at = strchr(at + 1, '"')) {
        if (strncmp(at + 1, key, key_length) == 0 && at[1 + key_length] == '"') {
            const char *colon = at + 2 + key_length;
            while (*colon == ' ') colon++;
            if (*colon != ':') continue;
            colon++;
            while (*colon == ' ') colon++;
            return colon;
        }
    }
    return NULL;
}

/* Copies the JSON string value of `key`, or returns NULL. Decodes the escapes
 * \" \\ \/ \n \r \t; a \uXXXX escape is refused (NULL), since this small reader
 * does not convert UTF-16 to UTF-8. Real settings with such text need a JSON library. */
static char *json_string(const char *json, const char *key) {
    const char *value = json_value(json, key);
    if (value == NULL || *value != '"') return NULL;
    char *copy = malloc(strlen(value));
    if (copy == NULL) return NULL;
    size_t length = 0;
    for (const char *at = value + 1; *at != '\0' && *at != '"'; at++) {
        char c = *at;
        if (c == '\\') {
            switch (*++at) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case '"': case '\\': case '/': c = *at; break;
            default: free(copy); return NULL;
            }
        }
        copy[length++] = c;
    }
    copy[length] = '\0';
    return copy;
}

static long json_integer(const char *json, const char *key, long fallback) {
    const char *value = json_value(json, key);
    return value == NULL ? fallback : strtol(value, NULL, 10);
}

static int32_t loopback_create(const sb_host *host, const char *settings_json,
                               sb_instance **out_instance, sb_error *error) {
    sb_instance *instance = calloc(1, sizeof *instance);
    if (instance == NULL) return fail(error, SB_ERR_INTERNAL, "out of memory");
    instance->host = host;
    instance->bot_name = json_string(settings_json, "bot_name");
    if (instance->bot_name == NULL) {
        free(instance);
        return fail(error, SB_ERR_INVALID_ARGUMENT, "settings lack bot_name");
    }
    instance->disconnect_first_starts = json_integer(settings_json, "disconnect_first_starts", 0);
    const char *report = json_value(settings_json, "report_in_stop");
    instance->report_in_stop = report != NULL && strncmp(report, "true", 4) == 0;
    *out_instance = instance;
    return SB_OK;
}

static int32_t loopback_start(sb_instance *instance, sb_error *error) {
    (void)error;
    instance->starts++;
    if (instance->starts <= instance->disconnect_first_starts) {
        char detail[96];
        snprintf(detail, sizeof detail, "simulated link loss on start %ld", instance->starts);
        instance->host->set_status(instance->host, SB_STATUS_DISCONNECTED, detail);
        return SB_OK;
    }
    instance->host->set_status(instance->host, SB_STATUS_CONNECTED, NULL);
    return SB_OK;
}

static void loopback_stop(sb_instance *instance) {
    /* Nothing in flight: every send completes at once. */
    if (instance->report_in_stop) {
        instance->host->set_status(instance->host, SB_STATUS_DISCONNECTED, "stopped on request");
    }
}

static void loopback_destroy(sb_instance *instance) {
    free(instance->bot_name);
    free(instance);
}

static void loopback_send(sb_instance *instance, const sb_outbound_message *message,
                          sb_send_callback done, void *done_token) {
    instance->sent++;
    char log_line[160];
    snprintf(log_line, sizeof log_line, "%s replies in chat %s", instance->bot_name, message->chat_id);
    instance->host->log(instance->host, SB_LOG_DEBUG, log_line);
    if (instance->observer != NULL) instance->observer(instance->observer_context, message);

    char message_id[32];
    snprintf(message_id, sizeof message_id, "c-loopback-%ld", instance->sent);
    sb_send_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    result.code = SB_OK;
    result.message_id = message_id;
    done(done_token, &result);
}

static void loopback_inject(sb_instance *instance, const sb_inbound_message *message,
                            sb_deliver_callback stored, void *user_data) {
    instance->host->deliver(instance->host, message, stored, user_data);
}

static void loopback_observe(sb_instance *instance, sb_loopback_observer observer, void *context) {
    instance->observer = observer;
    instance->observer_context = context;
}

static const sb_loopback_extension loopback_extension = {
    sizeof(sb_loopback_extension),
    loopback_inject,
    loopback_observe,
};

static const void *loopback_get_extension(const char *extension_id) {
    if (strcmp(extension_id, SB_LOOPBACK_EXTENSION_ID) == 0) return &loopback_extension;
    return NULL;
}

static const sb_capabilities loopback_capabilities = {
    sizeof(sb_capabilities),
    2000,               /* message_limit */
    SB_UNIT_CHARACTERS, /* message_limit_unit */
    0,                  /* streaming_modes: replies are sent whole */
    SB_FEATURE_GROUPS | SB_FEATURE_REPLY_TO,
};

static const char loopback_schema[] =
    "{\"type\":\"object\",\"required\":[\"bot_name\"],\"properties\":{"
    "\"bot_name\":{\"type\":\"string\",\"minLength\":1},"
    "\"disconnect_first_starts\":{\"type\":\"integer\",\"minimum\":0,\"default\":0},"
    "\"report_in_stop\":{\"type\":\"boolean\",\"default\":false},"
    "\"token\":{\"type\":\"string\",\"x-secret\":true}}}";

static const sb_plugin_descriptor loopback_descriptor = {
    sizeof(sb_plugin_descriptor),
    SB_ABI_VERSION,
    "c-loopback",
    "Loopback (C)",
    "1.0.0",
    "c-loopback", /* its own platform name, so identities differ from the Swift loopback's */
    "Talks to no platform; driven by the switchboard.loopback/1 extension.",
    NULL, /* toolchain: C plugins need none */
    loopback_schema,
    &loopback_capabilities,
    loopback_create,
    loopback_start,
    loopback_stop,
    loopback_destroy,
    loopback_send,
    loopback_get_extension,
};

SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(uint32_t host_abi_version) {
    if (SB_ABI_MAJOR_OF(host_abi_version) != SB_ABI_VERSION_MAJOR) return NULL;
    return &loopback_descriptor;
}
