/*
 * network_provider.c: a provider that uses the host's HTTP, WebSocket and ingress
 * extensions, for tests. Setting "base_url" names a server (the echo simulator). Like
 * the loopback providers it is driven through switchboard.loopback/1: each injected
 * text is a command, and each result is reported through the observer as one line.
 *
 *   get PATH              GET; reports "get status=S bytes=N body=TEXT"
 *   post PATH BODY        POST BODY; reports "post status=S method=M body=TEXT"
 *   stream PATH           GET with the body streamed; reports "stream status=S pieces=P bytes=N"
 *   limit PATH MAX        GET accepting MAX bytes; reports "limit error=CODE MESSAGE"
 *   idle PATH MS          GET failing after MS ms of silence; reports "idle error=CODE MESSAGE"
 *   hold PATH             GET kept open; reports "held" (and "hold complete" should it end)
 *   cancel                cancels the held request; reports "cancelled"
 *   ws PATH PING_MS       opens ws://BASE/PATH; on open sends "hello" and binary 00 ff 10
 *   ws-url URL PING_MS    opens URL
 *   ws-send TEXT          sends TEXT
 *   ws-close              closes with 1000; reports "ws closed by provider"
 *   listen                listens for webhooks; reports "listen ok URL" or "listen error=CODE MESSAGE"
 *   answer                answers the request deferred by a request to "/defer"
 *   push TEXT             writes TEXT and a newline to the open response of a request to
 *                         "/open" (answered 200 "first\n" and left open); reports "push code=C"
 *   flood                 writes 64 KiB pieces to the open response until one fails, at
 *                         most 1024; reports "flood code=C pieces=N"
 *   end                   ends the open response; reports "ended"
 *   report                reports "callbacks=N" (callbacks of cancelled or closed things)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "switchboard/ext/loopback.h"
#include "switchboard/plugin.h"

struct sb_instance {
    const sb_host *host;
    const sb_http_extension *http;
    const sb_websocket_extension *websocket;
    const sb_ingress_extension *ingress;
    char base_url[256];
    uint64_t held;
    uint64_t socket;
    uint64_t deferred;
    uint64_t open_response;
    long late_callbacks;
    sb_loopback_observer observer;
    void *observer_context;
};

/* One request's progress, freed on completion. */
typedef struct request_state {
    sb_instance *instance;
    char command[16];
    long pieces;
    size_t bytes;
} request_state;

__attribute__((format(printf, 2, 3)))
static void report(sb_instance *instance, const char *format, ...) {
    if (instance->observer == NULL) return;
    char text[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(text, sizeof text, format, arguments);
    va_end(arguments);
    sb_outbound_message message;
    memset(&message, 0, sizeof message);
    message.struct_size = sizeof message;
    message.chat_id = "network";
    message.text = text;
    instance->observer(instance->observer_context, &message);
}

static const char *header_value(const char *const *headers, size_t count, const char *name) {
    for (size_t index = 0; index < count; index++) {
        if (strcasecmp(headers[2 * index], name) == 0) return headers[2 * index + 1];
    }
    return "";
}

/* ---- HTTP ---- */

static void on_body(void *user_data, const uint8_t *bytes, size_t size) {
    (void)bytes;
    request_state *state = user_data;
    state->pieces++;
    state->bytes += size;
}

static void on_complete(void *user_data, const sb_http_response *response, const sb_error *error) {
    request_state *state = user_data;
    sb_instance *instance = state->instance;
    if (strcmp(state->command, "hold") == 0) {
        instance->late_callbacks++;
        report(instance, "hold complete");
    } else if (response == NULL) {
        report(instance, "%s error=%d %s", state->command, error->code, error->message);
    } else if (strcmp(state->command, "stream") == 0) {
        report(instance, "stream status=%d pieces=%ld bytes=%zu", response->status, state->pieces, state->bytes);
    } else {
        const char *method = header_value(response->headers, response->header_count, "X-Echo-Method");
        report(instance, "%s status=%d bytes=%zu method=%s body=%.*s", state->command, response->status, response->body_size,
               method, (int)(response->body_size > 64 ? 64 : response->body_size), (const char *)response->body);
    }
    free(state);
}

static uint64_t start_request(sb_instance *instance, const char *command, const char *method, const char *path,
                              const char *body, uint64_t max_size, uint32_t idle_ms, int streamed) {
    char url[512];
    snprintf(url, sizeof url, "%s%s", instance->base_url, path);
    request_state *state = calloc(1, sizeof *state);
    state->instance = instance;
    snprintf(state->command, sizeof state->command, "%s", command);

    const char *headers[] = {"X-Test-Probe", "network-provider"};
    sb_http_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.method = method;
    request.url = url;
    request.headers = headers;
    request.header_count = 1;
    request.body = (const uint8_t *)body;
    request.body_size = body ? strlen(body) : 0;
    request.max_response_size = max_size;
    request.idle_timeout_ms = idle_ms;

    sb_http_handler handler;
    memset(&handler, 0, sizeof handler);
    handler.struct_size = sizeof handler;
    handler.on_body = streamed ? on_body : NULL;
    handler.on_complete = on_complete;

    sb_error error;
    memset(&error, 0, sizeof error);
    error.struct_size = sizeof error;
    uint64_t id = instance->http->request(instance->host, &request, &handler, state, &error);
    if (id == 0) {
        report(instance, "%s refused=%d %s", command, error.code, error.message);
        free(state);
    }
    return id;
}

/* ---- WebSocket ---- */

static void on_open(void *user_data) {
    sb_instance *instance = user_data;
    report(instance, "ws open");
    static const uint8_t binary[] = {0x00, 0xff, 0x10};
    sb_error error;
    memset(&error, 0, sizeof error);
    error.struct_size = sizeof error;
    instance->websocket->send(instance->host, instance->socket, SB_WEBSOCKET_TEXT, (const uint8_t *)"hello", 5, &error);
    instance->websocket->send(instance->host, instance->socket, SB_WEBSOCKET_BINARY, binary, sizeof binary, &error);
}

static void on_message(void *user_data, int32_t kind, const uint8_t *data, size_t size) {
    sb_instance *instance = user_data;
    if (kind == SB_WEBSOCKET_TEXT) {
        report(instance, "ws text=%.*s", (int)size, (const char *)data);
    } else {
        char hex[64] = "";
        for (size_t index = 0; index < size && index < 20; index++) snprintf(hex + 2 * index, 3, "%02x", data[index]);
        report(instance, "ws binary=%s", hex);
    }
}

static void on_close(void *user_data, int32_t close_code, const sb_error *error) {
    sb_instance *instance = user_data;
    if (instance->socket == 0) instance->late_callbacks++;
    instance->socket = 0;
    if (error != NULL) {
        report(instance, "ws closed code=%d error=%d %s", close_code, error->code, error->message);
    } else {
        report(instance, "ws closed code=%d", close_code);
    }
}

static void open_socket(sb_instance *instance, const char *url, uint32_t ping_ms) {
    sb_websocket_options options;
    memset(&options, 0, sizeof options);
    options.struct_size = sizeof options;
    options.url = url;
    options.ping_interval_ms = ping_ms;
    options.connect_timeout_ms = 2000;
    static const sb_websocket_handler handler = {sizeof(sb_websocket_handler), 0, on_open, on_message, on_close};
    sb_error error;
    memset(&error, 0, sizeof error);
    error.struct_size = sizeof error;
    instance->socket = instance->websocket->open(instance->host, &options, &handler, instance, &error);
    if (instance->socket == 0) report(instance, "ws refused=%d %s", error.code, error.message);
}

/* ---- Ingress ---- */

static void answer(sb_instance *instance, uint64_t request_id, const uint8_t *body, size_t size, const char *host) {
    char length[32];
    snprintf(length, sizeof length, "%zu", size);
    const char *headers[] = {"X-Seen-Length", length, "Content-Type", "application/octet-stream", "X-Seen-Host", host};
    sb_http_response response;
    memset(&response, 0, sizeof response);
    response.struct_size = sizeof response;
    response.status = 200;
    response.headers = headers;
    response.header_count = 3;
    response.body = body;
    response.body_size = size;
    int32_t code = instance->ingress->respond(instance->host, request_id, &response);
    if (code != SB_OK) report(instance, "respond error=%d", code);
}

static void on_webhook(void *user_data, const sb_ingress_request *request) {
    sb_instance *instance = user_data;
    report(instance, "hook %s %s ?%s bytes=%zu signature=%s", request->method, request->path, request->query,
           request->body_size, header_value(request->headers, request->header_count, "X-Signature"));
    if (strcmp(request->path, "/defer") == 0) {
        instance->deferred = request->request_id;
        return;
    }
    if (strcmp(request->path, "/open") == 0) {
        const char *headers[] = {"Content-Type", "text/plain"};
        sb_http_response head;
        memset(&head, 0, sizeof head);
        head.struct_size = sizeof head;
        head.status = 200;
        head.headers = headers;
        head.header_count = 1;
        head.body = (const uint8_t *)"first\n";
        head.body_size = 6;
        int32_t code = instance->ingress->respond_streaming(instance->host, request->request_id, &head);
        if (code == SB_OK) instance->open_response = request->request_id;
        else report(instance, "respond_streaming error=%d", code);
        return;
    }
    answer(instance, request->request_id, request->body, request->body_size,
           header_value(request->headers, request->header_count, "Host"));
}

/* ---- Commands ---- */

static void run_command(sb_instance *instance, const char *text) {
    char path[256] = "", argument[256] = "";
    unsigned long number = 0;
    if (sscanf(text, "get %255s", path) == 1) {
        start_request(instance, "get", "GET", path, NULL, 0, 0, 0);
    } else if (sscanf(text, "post %255s %255s", path, argument) == 2) {
        start_request(instance, "post", "POST", path, argument, 0, 0, 0);
    } else if (sscanf(text, "stream %255s", path) == 1) {
        start_request(instance, "stream", "GET", path, NULL, 0, 0, 1);
    } else if (sscanf(text, "limit %255s %lu", path, &number) == 2) {
        start_request(instance, "limit", "GET", path, NULL, number, 0, 1);
    } else if (sscanf(text, "idle %255s %lu", path, &number) == 2) {
        start_request(instance, "idle", "GET", path, NULL, 0, (uint32_t)number, 0);
    } else if (sscanf(text, "hold %255s", path) == 1) {
        instance->held = start_request(instance, "hold", "GET", path, NULL, 0, 0, 0);
        if (instance->held != 0) report(instance, "held");
    } else if (strcmp(text, "cancel") == 0) {
        instance->http->cancel(instance->host, instance->held);
        report(instance, "cancelled");
    } else if (sscanf(text, "ws-url %255s %lu", path, &number) == 2) {
        open_socket(instance, path, (uint32_t)number);
    } else if (sscanf(text, "ws %255s %lu", path, &number) == 2) {
        char url[512];
        snprintf(url, sizeof url, "ws%s%s", instance->base_url + 4, path); /* http://... → ws://... */
        open_socket(instance, url, (uint32_t)number);
    } else if (sscanf(text, "ws-send %255s", argument) == 1) {
        sb_error error;
        memset(&error, 0, sizeof error);
        error.struct_size = sizeof error;
        int32_t code = instance->websocket->send(instance->host, instance->socket, SB_WEBSOCKET_TEXT,
                                                 (const uint8_t *)argument, strlen(argument), &error);
        if (code != SB_OK) report(instance, "ws-send error=%d %s", code, error.message);
    } else if (strcmp(text, "ws-close") == 0) {
        uint64_t socket = instance->socket;
        instance->socket = 0;
        instance->websocket->close(instance->host, socket, 1000, "done");
        report(instance, "ws closed by provider");
    } else if (strcmp(text, "listen") == 0) {
        sb_error error;
        memset(&error, 0, sizeof error);
        error.struct_size = sizeof error;
        if (instance->ingress->listen(instance->host, on_webhook, instance, &error) != SB_OK) {
            report(instance, "listen error=%d %s", error.code, error.message);
            return;
        }
        char url[256];
        size_t length = 0;
        instance->ingress->public_url(instance->host, url, sizeof url, &length);
        report(instance, "listen ok %s", url);
    } else if (strcmp(text, "answer") == 0) {
        answer(instance, instance->deferred, (const uint8_t *)"late", 4, "");
    } else if (strncmp(text, "push ", 5) == 0) {
        char line[256];
        int length = snprintf(line, sizeof line, "%s\n", text + 5);
        int32_t code = instance->ingress->write_streaming(instance->host, instance->open_response, (const uint8_t *)line, (size_t)length);
        report(instance, "push code=%d", code);
    } else if (strcmp(text, "flood") == 0) {
        static uint8_t piece[65536];
        memset(piece, 'x', sizeof piece);
        int32_t code = SB_OK;
        int pieces = 0;
        while (code == SB_OK && pieces < 1024) {
            code = instance->ingress->write_streaming(instance->host, instance->open_response, piece, sizeof piece);
            if (code == SB_OK) pieces++;
        }
        report(instance, "flood code=%d pieces=%d", code, pieces);
    } else if (strcmp(text, "end") == 0) {
        instance->ingress->finish_streaming(instance->host, instance->open_response);
        report(instance, "ended");
    } else if (strcmp(text, "report") == 0) {
        report(instance, "callbacks=%ld", instance->late_callbacks);
    } else {
        report(instance, "unknown command: %s", text);
    }
}

/* ---- Provider ---- */

static int32_t network_create(const sb_host *host, const char *settings, sb_instance **out, sb_error *error) {
    sb_instance *instance = calloc(1, sizeof *instance);
    if (instance == NULL) return SB_ERR_INTERNAL;
    instance->host = host;
    instance->http = host->get_extension(host, SB_HTTP_EXTENSION_ID);
    instance->websocket = host->get_extension(host, SB_WEBSOCKET_EXTENSION_ID);
    instance->ingress = host->get_extension(host, SB_INGRESS_EXTENSION_ID);
    const char *base = strstr(settings, "\"base_url\":\"");
    if (instance->http == NULL || instance->websocket == NULL || instance->ingress == NULL || base == NULL) {
        free(instance);
        error->code = SB_ERR_UNSUPPORTED;
        snprintf(error->message, sizeof error->message, "the host lacks a network service, or base_url is not set");
        return SB_ERR_UNSUPPORTED;
    }
    base += strlen("\"base_url\":\"");
    size_t length = strcspn(base, "\"");
    snprintf(instance->base_url, sizeof instance->base_url, "%.*s", (int)length, base);
    *out = instance;
    return SB_OK;
}

static int32_t network_start(sb_instance *instance, sb_error *error) {
    (void)error;
    instance->host->set_status(instance->host, SB_STATUS_CONNECTED, NULL);
    return SB_OK;
}

/* What the host ends by itself at the end of a run needs no freeing here: the
 * request states of unfinished requests leak in this fixture, which is short-lived. */
static void network_stop(sb_instance *instance) { instance->socket = 0; }
static void network_destroy(sb_instance *instance) { free(instance); }

static void network_send(sb_instance *instance, const sb_outbound_message *message, sb_send_callback done, void *token) {
    (void)instance, (void)message;
    sb_send_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    done(token, &result);
}

static void network_inject(sb_instance *instance, const sb_inbound_message *message, sb_deliver_callback stored, void *user_data) {
    run_command(instance, message->text);
    if (stored != NULL) stored(user_data, SB_OK, NULL);
}

static void network_observe(sb_instance *instance, sb_loopback_observer observer, void *context) {
    instance->observer = observer;
    instance->observer_context = context;
}

static const sb_loopback_extension loopback_extension = {sizeof(sb_loopback_extension), network_inject, network_observe};

static const void *network_get_extension(const char *id) {
    return strcmp(id, SB_LOOPBACK_EXTENSION_ID) == 0 ? &loopback_extension : NULL;
}

static const sb_capabilities capabilities = {sizeof(sb_capabilities), 1000, SB_UNIT_CHARACTERS, 0, 0};

static const sb_plugin_descriptor descriptor = {
    sizeof(sb_plugin_descriptor), SB_ABI_VERSION, "network", "Network services test provider", "1.0.0", "network",
    NULL, NULL,
    "{\"type\":\"object\",\"properties\":{\"base_url\":{\"type\":\"string\"}},\"required\":[\"base_url\"],\"additionalProperties\":false}",
    &capabilities,
    network_create, network_start, network_stop, network_destroy, network_send, network_get_extension,
};

SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(uint32_t host_abi_version) {
    return SB_ABI_MAJOR_OF(host_abi_version) == SB_ABI_VERSION_MAJOR ? &descriptor : NULL;
}
