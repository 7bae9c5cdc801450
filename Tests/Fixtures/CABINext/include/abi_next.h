/*
 * abi_next.h: the host structs as a later 1.x host would lay them out, with one
 * member appended after the 1.0 ones (ABI rule 2: structs are append-only). Tests use
 * them to show that a plugin built against 1.0 keeps working with such a host.
 * abi_next.c checks at compile time that every 1.0 member sits where plugin.h puts it.
 */
#ifndef SWITCHBOARD_ABI_NEXT_H
#define SWITCHBOARD_ABI_NEXT_H

#include "switchboard/plugin.h"

#define SB_ABI_VERSION_NEXT 0x00010001u

typedef struct sb_host_next {
    uint32_t struct_size;
    uint32_t abi_version;
    const char *channel_id;
    void *host_data;
    void (*log)(const sb_host *host, int32_t level, const char *message);
    void (*deliver)(const sb_host *host, const sb_inbound_message *message,
                    sb_deliver_callback stored, void *user_data);
    void (*set_status)(const sb_host *host, int32_t state, const char *detail);
    const void *(*get_extension)(const sb_host *host, const char *extension_id);
    int64_t appended_in_1_1;
} sb_host_next;

typedef struct sb_plugin_descriptor_next {
    uint32_t struct_size;
    uint32_t abi_version;
    const char *id;
    const char *name;
    const char *version;
    const char *platform;
    const char *description;
    const char *toolchain;
    const char *config_schema;
    const sb_capabilities *capabilities;
    int32_t (*create)(const sb_host *host, const char *settings_json,
                      sb_instance **out_instance, sb_error *error);
    int32_t (*start)(sb_instance *instance, sb_error *error);
    void (*stop)(sb_instance *instance);
    void (*destroy)(sb_instance *instance);
    void (*send)(sb_instance *instance, const sb_outbound_message *message,
                 sb_send_callback done, void *done_token);
    const void *(*get_extension)(const char *extension_id);
    int64_t appended_in_1_1;
} sb_plugin_descriptor_next;

#endif
