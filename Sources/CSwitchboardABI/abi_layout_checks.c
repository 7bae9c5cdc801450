/*
 * Compile-time checks of the ABI's layout rules: every struct that crosses the
 * boundary starts with uint32_t struct_size (ABI rule 2), and the descriptor's
 * version sits right behind it. The header itself holds no code; this file is what
 * makes the C target build.
 */
#include "switchboard/plugin.h"
#include "switchboard/ext/loopback.h"

#define SB_CHECK_STARTS_WITH_SIZE(type)                                   \
    _Static_assert(offsetof(type, struct_size) == 0, #type " must start with struct_size"); \
    _Static_assert(sizeof(((type *)0)->struct_size) == 4, #type ".struct_size must be 32 bits")

SB_CHECK_STARTS_WITH_SIZE(sb_error);
SB_CHECK_STARTS_WITH_SIZE(sb_capabilities);
SB_CHECK_STARTS_WITH_SIZE(sb_inbound_message);
SB_CHECK_STARTS_WITH_SIZE(sb_outbound_message);
SB_CHECK_STARTS_WITH_SIZE(sb_send_result);
SB_CHECK_STARTS_WITH_SIZE(sb_host);
SB_CHECK_STARTS_WITH_SIZE(sb_plugin_descriptor);
SB_CHECK_STARTS_WITH_SIZE(sb_edit_request);
SB_CHECK_STARTS_WITH_SIZE(sb_edit_extension);
SB_CHECK_STARTS_WITH_SIZE(sb_typing_extension);
SB_CHECK_STARTS_WITH_SIZE(sb_stream_update);
SB_CHECK_STARTS_WITH_SIZE(sb_stream_extension);
SB_CHECK_STARTS_WITH_SIZE(sb_loopback_extension);

_Static_assert(offsetof(sb_plugin_descriptor, abi_version) == 4, "abi_version follows struct_size");
_Static_assert(offsetof(sb_host, abi_version) == 4, "abi_version follows struct_size");
_Static_assert(SB_ABI_VERSION == ((SB_ABI_VERSION_MAJOR << 16) | SB_ABI_VERSION_MINOR),
               "SB_ABI_VERSION must equal (major << 16) | minor");
