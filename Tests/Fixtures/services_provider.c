/*
 * services_provider.c: a provider that uses the host's timer and state extensions,
 * for tests. Like the loopback providers it talks to no platform; it reports through
 * the switchboard.loopback/1 observer:
 *
 *   on start      counts its starts in switchboard.state/1 (key "starts")
 *   on observe    schedules a repeating timer (cancelled by itself after 3 fires), a
 *                 timer it cancels at once, and a one-shot timer that reports
 *                 "oneshot cancelled_fired=<n>" after the others had their chance
 *   inject "report"  reports "starts=<n> fires=<n>"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard/ext/loopback.h"
#include "switchboard/plugin.h"

struct sb_instance {
    const sb_host *host;
    const sb_timer_extension *timers;
    const sb_state_extension *state;
    long starts;
    long fires;
    long cancelled_fired;
    uint64_t repeating;
    sb_loopback_observer observer;
    void *observer_context;
};

static void report(sb_instance *instance, const char *text) {
    if (instance->observer == NULL) return;
    sb_outbound_message message;
    memset(&message, 0, sizeof message);
    message.struct_size = sizeof message;
    message.chat_id = "services";
    message.text = text;
    instance->observer(instance->observer_context, &message);
}

static void on_repeating(void *user_data) {
    sb_instance *instance = user_data;
    if (++instance->fires == 3) {
        instance->timers->cancel(instance->host, instance->repeating);
        report(instance, "fired 3, cancelled");
    }
}

static void on_cancelled(void *user_data) {
    ((sb_instance *)user_data)->cancelled_fired++;
}

static void on_oneshot(void *user_data) {
    sb_instance *instance = user_data;
    char text[64];
    snprintf(text, sizeof text, "oneshot cancelled_fired=%ld", instance->cancelled_fired);
    report(instance, text);
}

static int32_t services_create(const sb_host *host, const char *settings, sb_instance **out, sb_error *error) {
    (void)settings;
    sb_instance *instance = calloc(1, sizeof *instance);
    if (instance == NULL) return SB_ERR_INTERNAL;
    instance->host = host;
    instance->timers = host->get_extension(host, SB_TIMER_EXTENSION_ID);
    instance->state = host->get_extension(host, SB_STATE_EXTENSION_ID);
    if (instance->timers == NULL || instance->state == NULL) {
        free(instance);
        error->code = SB_ERR_UNSUPPORTED;
        snprintf(error->message, sizeof error->message, "the host offers no timers or no state");
        return SB_ERR_UNSUPPORTED;
    }
    *out = instance;
    return SB_OK;
}

static int32_t services_start(sb_instance *instance, sb_error *error) {
    (void)error;
    char value[32];
    size_t length = 0;
    long starts = 0;
    if (instance->state->get(instance->host, "starts", value, sizeof value, &length) == SB_OK) starts = strtol(value, NULL, 10);
    instance->starts = starts + 1;
    snprintf(value, sizeof value, "%ld", instance->starts);
    if (instance->state->set(instance->host, "starts", value) != SB_OK) return SB_ERR_INTERNAL;
    instance->fires = 0;
    instance->cancelled_fired = 0;
    instance->host->set_status(instance->host, SB_STATUS_CONNECTED, NULL);
    return SB_OK;
}

static void services_stop(sb_instance *instance) { (void)instance; }
static void services_destroy(sb_instance *instance) { free(instance); }

static void services_send(sb_instance *instance, const sb_outbound_message *message, sb_send_callback done, void *token) {
    (void)instance, (void)message;
    sb_send_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    done(token, &result);
}

static void services_inject(sb_instance *instance, const sb_inbound_message *message, sb_deliver_callback stored, void *user_data) {
    if (strcmp(message->text, "report") == 0) {
        char text[64];
        snprintf(text, sizeof text, "starts=%ld fires=%ld", instance->starts, instance->fires);
        report(instance, text);
        if (stored != NULL) stored(user_data, SB_OK, NULL);
        return;
    }
    instance->host->deliver(instance->host, message, stored, user_data);
}

static void services_observe(sb_instance *instance, sb_loopback_observer observer, void *context) {
    instance->observer = observer;
    instance->observer_context = context;
    if (observer == NULL) return;
    instance->repeating = instance->timers->schedule(instance->host, 10, 10, on_repeating, instance);
    uint64_t doomed = instance->timers->schedule(instance->host, 30, 0, on_cancelled, instance);
    instance->timers->cancel(instance->host, doomed);
    instance->timers->schedule(instance->host, 150, 0, on_oneshot, instance);
}

static const sb_loopback_extension loopback_extension = {sizeof(sb_loopback_extension), services_inject, services_observe};

static const void *services_get_extension(const char *id) {
    return strcmp(id, SB_LOOPBACK_EXTENSION_ID) == 0 ? &loopback_extension : NULL;
}

static const sb_capabilities capabilities = {sizeof(sb_capabilities), 1000, SB_UNIT_CHARACTERS, 0, 0};

static const sb_plugin_descriptor descriptor = {
    sizeof(sb_plugin_descriptor), SB_ABI_VERSION, "services", "Host services test provider", "1.0.0", "services",
    NULL, NULL, NULL, &capabilities,
    services_create, services_start, services_stop, services_destroy, services_send, services_get_extension,
};

SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(uint32_t host_abi_version) {
    return SB_ABI_MAJOR_OF(host_abi_version) == SB_ABI_VERSION_MAJOR ? &descriptor : NULL;
}
