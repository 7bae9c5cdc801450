/*
 * faulty_plugin.c: a plugin that breaks one ABI promise, chosen at compile time, so
 * the loader's refusals can be tested on real shared libraries. Built by the tests:
 *
 *   cc -shared -fPIC -fvisibility=hidden -I Sources/CSwitchboardABI/include -DFAULT_... faulty_plugin.c
 *
 * FAULT_NO_ENTRY            export no switchboard_plugin_entry
 * FAULT_ENTRY_RETURNS_NULL  decline every host
 * FAULT_ABI_VERSION=v       declare ABI version v (e.g. 0x00020000u)
 * FAULT_DESCRIPTOR_SIZE=n   declare struct_size n
 * FAULT_NULL_SEND           leave the mandatory send member NULL
 * FAULT_TOOLCHAIN="..."     claim to be built by another Swift toolchain
 * FAULT_EDIT_WITHOUT_TABLE  declare edit streaming without switchboard.edit/1
 * FAULT_BAD_SCHEMA          declare a config_schema that is not JSON
 * FAULT_ID="..."            use another plugin id
 * FAULT_FOREIGN_TOOLCHAIN="..."  carry this string in the switchboard_toolchain ELF
 *                           section, as a Swift image of another toolchain would
 * FAULT_MARKER="path"       create this file when the image's constructors run
 */
#include <stddef.h>
#include <stdio.h>

#include "switchboard/plugin.h"

#ifndef FAULT_ABI_VERSION
#define FAULT_ABI_VERSION SB_ABI_VERSION
#endif
#ifndef FAULT_DESCRIPTOR_SIZE
#define FAULT_DESCRIPTOR_SIZE sizeof(sb_plugin_descriptor)
#endif
#ifndef FAULT_TOOLCHAIN
#define FAULT_TOOLCHAIN NULL
#endif
#ifndef FAULT_ID
#define FAULT_ID "faulty"
#endif

#ifdef FAULT_FOREIGN_TOOLCHAIN
__attribute__((used, section("switchboard_toolchain"))) static const char foreign_toolchain[] = FAULT_FOREIGN_TOOLCHAIN;
#endif

#ifdef FAULT_MARKER
__attribute__((constructor)) static void faulty_constructor(void) {
    FILE *marker = fopen(FAULT_MARKER, "w");
    if (marker != NULL) fclose(marker);
}
#endif

static int32_t faulty_create(const sb_host *host, const char *settings, sb_instance **out, sb_error *error) {
    (void)host, (void)settings, (void)out, (void)error;
    return SB_ERR_UNSUPPORTED;
}
static int32_t faulty_start(sb_instance *instance, sb_error *error) {
    (void)instance, (void)error;
    return SB_ERR_UNSUPPORTED;
}
static void faulty_stop(sb_instance *instance) { (void)instance; }
static void faulty_destroy(sb_instance *instance) { (void)instance; }
static void faulty_send(sb_instance *instance, const sb_outbound_message *message, sb_send_callback done, void *token) {
    (void)instance, (void)message, (void)done, (void)token;
}
static const void *faulty_get_extension(const char *id) {
    (void)id;
    return NULL;
}

static const sb_capabilities faulty_capabilities = {
    sizeof(sb_capabilities), 100, SB_UNIT_CHARACTERS,
#ifdef FAULT_EDIT_WITHOUT_TABLE
    SB_STREAM_EDIT,
#else
    0,
#endif
    0,
};

static const sb_plugin_descriptor faulty_descriptor = {
    FAULT_DESCRIPTOR_SIZE,
    FAULT_ABI_VERSION,
    FAULT_ID,
    "Faulty",
    "0.0.1",
    "none",
    NULL,
    FAULT_TOOLCHAIN,
#ifdef FAULT_BAD_SCHEMA
    "{not json",
#else
    NULL,
#endif
    &faulty_capabilities,
    faulty_create,
    faulty_start,
    faulty_stop,
    faulty_destroy,
#ifdef FAULT_NULL_SEND
    NULL,
#else
    faulty_send,
#endif
    faulty_get_extension,
};

#ifdef FAULT_NO_ENTRY
SB_PLUGIN_EXPORT const sb_plugin_descriptor *some_other_symbol(uint32_t host_abi_version) {
#else
SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(uint32_t host_abi_version) {
#endif
    (void)host_abi_version;
#ifdef FAULT_ENTRY_RETURNS_NULL
    return NULL;
#else
    return &faulty_descriptor;
#endif
}
