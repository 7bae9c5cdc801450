/*
 * switchboard/ext/loopback.h: the test-control extension of the loopback providers.
 *
 * The bundled loopback providers (one in Swift, one in C) talk to no platform:
 * whatever a test injects is delivered to the host as a user message, and whatever
 * the host sends is handed to an observer. Plugin authors can implement the same
 * extension to drive their own provider from host-side tests.
 *
 * Thread tags and ownership rules are those of switchboard/plugin.h.
 */
#ifndef SWITCHBOARD_EXT_LOOPBACK_H
#define SWITCHBOARD_EXT_LOOPBACK_H

#include "../plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SB_LOOPBACK_EXTENSION_ID "switchboard.loopback/1"

/* Receives each message the host sends, edits or streams through the instance.
 * `message` is borrowed for the duration of the call. [instance-executor] */
typedef void (*sb_loopback_observer)(void *context, const sb_outbound_message *message);

typedef struct sb_loopback_extension {
    uint32_t struct_size;
    /* Deliver `message` to the host as if a user had sent it; `stored` is passed
     * through to sb_host.deliver unchanged. [instance-executor] */
    void (*inject)(sb_instance *instance, const sb_inbound_message *message,
                   sb_deliver_callback stored, void *user_data);
    /* Install (or, with NULL, remove) the observer of outbound messages. The
     * instance keeps `context` until it is replaced or the instance is destroyed;
     * the caller owns it. [instance-executor] */
    void (*observe)(sb_instance *instance, sb_loopback_observer observer, void *context);
} sb_loopback_extension;

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_EXT_LOOPBACK_H */
