/*
 * streaming_provider.c: a provider that declares streaming modes (chosen at compile
 * time) and implements switchboard.edit/1, switchboard.stream/1 and
 * switchboard.typing/1, for end-to-end tests of the host's emitter through the ABI.
 * Like the loopback providers it talks to no platform: tests inject user messages
 * through switchboard.loopback/1, and every operation is reported to the loopback
 * observer as a message whose text is "<operation>|<id>|<text>".
 *
 *   -DMODES=SB_STREAM_EDIT            streaming modes to declare (default edit)
 *   setting fail_edits_after: N       edits after the Nth fail permanently (default: never)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/ext/loopback.h"
#include "switchboard/plugin.h"

#ifndef MODES
#define MODES SB_STREAM_EDIT
#endif

struct sb_instance {
    const sb_host *host;
    long next_id;
    long edits;
    long fail_edits_after;
    sb_loopback_observer observer;
    void *observer_context;
};

static void report(sb_instance *instance, const char *chat_id, const char *operation, const char *id, const char *text) {
    if (instance->observer == NULL) return;
    size_t size = strlen(operation) + strlen(id) + strlen(text) + 3;
    char *line = malloc(size);
    if (line == NULL) return;
    snprintf(line, size, "%s|%s|%s", operation, id, text);
    sb_outbound_message message;
    memset(&message, 0, sizeof message);
    message.struct_size = sizeof message;
    message.chat_id = chat_id;
    message.text = line;
    instance->observer(instance->observer_context, &message);
    free(line);
}

static void complete(sb_send_callback done, void *token, int32_t code, const char *id, const char *error) {
    sb_send_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    result.code = code;
    result.message_id = id;
    result.error_message = error;
    done(token, &result);
}

static int32_t provider_create(const sb_host *host, const char *settings, sb_instance **out, sb_error *error) {
    (void)error;
    sb_instance *instance = calloc(1, sizeof *instance);
    if (instance == NULL) return SB_ERR_INTERNAL;
    instance->host = host;
    const char *limit = strstr(settings, "\"fail_edits_after\":");
    instance->fail_edits_after = limit != NULL ? strtol(limit + strlen("\"fail_edits_after\":"), NULL, 10) : -1;
    *out = instance;
    return SB_OK;
}

static int32_t provider_start(sb_instance *instance, sb_error *error) {
    (void)error;
    instance->host->set_status(instance->host, SB_STATUS_CONNECTED, NULL);
    return SB_OK;
}

static void provider_stop(sb_instance *instance) { (void)instance; }
static void provider_destroy(sb_instance *instance) { free(instance); }

static void provider_send(sb_instance *instance, const sb_outbound_message *message, sb_send_callback done, void *token) {
    char id[32];
    snprintf(id, sizeof id, "msg-%ld", ++instance->next_id);
    report(instance, message->chat_id, "send", id, message->text);
    complete(done, token, SB_OK, id, NULL);
}

static void provider_edit(sb_instance *instance, const sb_edit_request *request, sb_send_callback done, void *token) {
    instance->edits++;
    if (instance->fail_edits_after >= 0 && instance->edits > instance->fail_edits_after) {
        complete(done, token, SB_ERR_UNSUPPORTED, NULL, "this message can no longer be edited");
        return;
    }
    report(instance, request->chat_id, "edit", request->message_id, request->text);
    complete(done, token, SB_OK, request->message_id, NULL);
}

static void provider_typing(sb_instance *instance, const char *chat_id, const char *thread_id, sb_send_callback done, void *token) {
    (void)thread_id;
    report(instance, chat_id, "typing", "-", "");
    complete(done, token, SB_OK, NULL, NULL);
}

static void stream_begin(sb_instance *instance, const sb_outbound_message *target, sb_send_callback done, void *token) {
    char id[32];
    snprintf(id, sizeof id, "stream-%ld", ++instance->next_id);
    report(instance, target->chat_id, "begin", id, "");
    complete(done, token, SB_OK, id, NULL);
}

static void stream_update(sb_instance *instance, const char *stream_id, const sb_stream_update *update, sb_send_callback done, void *token) {
    report(instance, "-", "update", stream_id, update->delta);
    complete(done, token, SB_OK, stream_id, NULL);
}

static void stream_finish(sb_instance *instance, const char *stream_id, const sb_stream_update *final_update, int32_t outcome,
                          sb_send_callback done, void *token) {
    (void)outcome;
    report(instance, "-", "finish", stream_id, final_update->full_text);
    complete(done, token, SB_OK, stream_id, NULL);
}

static void inject(sb_instance *instance, const sb_inbound_message *message, sb_deliver_callback stored, void *user_data) {
    instance->host->deliver(instance->host, message, stored, user_data);
}

static void observe(sb_instance *instance, sb_loopback_observer observer, void *context) {
    instance->observer = observer;
    instance->observer_context = context;
}

static const sb_edit_extension edit_extension = {sizeof(sb_edit_extension), provider_edit};
static const sb_typing_extension typing_extension = {sizeof(sb_typing_extension), provider_typing};
static const sb_stream_extension stream_extension = {sizeof(sb_stream_extension), stream_begin, stream_update, stream_finish};
static const sb_loopback_extension loopback_extension = {sizeof(sb_loopback_extension), inject, observe};

static const void *provider_get_extension(const char *id) {
    if (strcmp(id, SB_EDIT_EXTENSION_ID) == 0) return &edit_extension;
    if (strcmp(id, SB_TYPING_EXTENSION_ID) == 0) return &typing_extension;
    if (strcmp(id, SB_STREAM_EXTENSION_ID) == 0) return &stream_extension;
    if (strcmp(id, SB_LOOPBACK_EXTENSION_ID) == 0) return &loopback_extension;
    return NULL;
}

static const sb_capabilities capabilities = {
    sizeof(sb_capabilities), 4096, SB_UNIT_UTF16, MODES, SB_FEATURE_GROUPS | SB_FEATURE_TYPING,
};

static const sb_plugin_descriptor descriptor = {
    sizeof(sb_plugin_descriptor), SB_ABI_VERSION, "streaming", "Streaming test provider", "1.0.0", "streaming",
    NULL, NULL,
    "{\"type\":\"object\",\"properties\":{\"fail_edits_after\":{\"type\":\"integer\",\"minimum\":0}}}",
    &capabilities, provider_create, provider_start, provider_stop, provider_destroy, provider_send, provider_get_extension,
};

SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(uint32_t host_abi_version) {
    return SB_ABI_MAJOR_OF(host_abi_version) == SB_ABI_VERSION_MAJOR ? &descriptor : NULL;
}
