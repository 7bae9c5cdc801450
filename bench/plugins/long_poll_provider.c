/*
 * long_poll_provider.c: a provider that keeps `count` long polls open against `url`
 * through the host's switchboard.http/1, re-polling as each one ends, as a Telegram
 * provider does with getUpdates. For the long-poll benchmark: it measures what holding
 * many polls costs the host, not any platform.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/plugin.h"

struct sb_instance {
    const sb_host *host;
    const sb_http_extension *http;
    char url[512];
    long count;
};

static void on_complete(void *user_data, const sb_http_response *response, const sb_error *error);

static void poll_once(sb_instance *instance) {
    sb_http_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.method = "GET";
    request.url = instance->url;
    request.timeout_ms = 120000;
    static const sb_http_handler handler = {sizeof(sb_http_handler), 0, NULL, NULL, on_complete};
    sb_error error;
    memset(&error, 0, sizeof error);
    error.struct_size = sizeof error;
    if (instance->http->request(instance->host, &request, &handler, instance, &error) == 0) {
        instance->host->log(instance->host, SB_LOG_ERROR, error.message);
    }
}

static void on_complete(void *user_data, const sb_http_response *response, const sb_error *error) {
    (void)response, (void)error;
    poll_once(user_data);
}

static const char *json_value(const char *json, const char *key, char *out, size_t capacity) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *found = strstr(json, pattern);
    if (found == NULL) return NULL;
    found += strlen(pattern);
    if (*found == '"') found++;
    size_t length = strcspn(found, "\",}");
    snprintf(out, capacity, "%.*s", (int)length, found);
    return out;
}

static int32_t poller_create(const sb_host *host, const char *settings, sb_instance **out, sb_error *error) {
    sb_instance *instance = calloc(1, sizeof *instance);
    char count[32];
    if (instance == NULL) return SB_ERR_INTERNAL;
    instance->host = host;
    instance->http = host->get_extension(host, SB_HTTP_EXTENSION_ID);
    if (instance->http == NULL || json_value(settings, "url", instance->url, sizeof instance->url) == NULL ||
        json_value(settings, "count", count, sizeof count) == NULL) {
        free(instance);
        error->code = SB_ERR_INVALID_ARGUMENT;
        snprintf(error->message, sizeof error->message, "needs switchboard.http/1 and settings url and count");
        return SB_ERR_INVALID_ARGUMENT;
    }
    instance->count = strtol(count, NULL, 10);
    *out = instance;
    return SB_OK;
}

static int32_t poller_start(sb_instance *instance, sb_error *error) {
    (void)error;
    for (long index = 0; index < instance->count; index++) poll_once(instance);
    instance->host->set_status(instance->host, SB_STATUS_CONNECTED, NULL);
    return SB_OK;
}

static void poller_stop(sb_instance *instance) { (void)instance; }
static void poller_destroy(sb_instance *instance) { free(instance); }

static void poller_send(sb_instance *instance, const sb_outbound_message *message, sb_send_callback done, void *token) {
    (void)instance, (void)message;
    sb_send_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    done(token, &result);
}

static const sb_capabilities capabilities = {sizeof(sb_capabilities), 4096, SB_UNIT_CHARACTERS, 0, 0};

static const sb_plugin_descriptor descriptor = {
    sizeof(sb_plugin_descriptor), SB_ABI_VERSION, "long-poller", "Long-poll benchmark provider", "1.0.0", "long-poller",
    NULL, NULL,
    "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"},\"count\":{\"type\":\"integer\",\"minimum\":1}},"
    "\"required\":[\"url\",\"count\"],\"additionalProperties\":false}",
    &capabilities,
    poller_create, poller_start, poller_stop, poller_destroy, poller_send, NULL,
};

SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(uint32_t host_abi_version) {
    return SB_ABI_MAJOR_OF(host_abi_version) == SB_ABI_VERSION_MAJOR ? &descriptor : NULL;
}
