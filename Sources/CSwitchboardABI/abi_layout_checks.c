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
SB_CHECK_STARTS_WITH_SIZE(sb_timer_extension);
SB_CHECK_STARTS_WITH_SIZE(sb_state_extension);
SB_CHECK_STARTS_WITH_SIZE(sb_identity);
SB_CHECK_STARTS_WITH_SIZE(sb_mapped_user);
SB_CHECK_STARTS_WITH_SIZE(sb_user_mapper_extension);
SB_CHECK_STARTS_WITH_SIZE(sb_http_response);
SB_CHECK_STARTS_WITH_SIZE(sb_http_request);
SB_CHECK_STARTS_WITH_SIZE(sb_http_handler);
SB_CHECK_STARTS_WITH_SIZE(sb_http_extension);
SB_CHECK_STARTS_WITH_SIZE(sb_websocket_options);
SB_CHECK_STARTS_WITH_SIZE(sb_websocket_handler);
SB_CHECK_STARTS_WITH_SIZE(sb_websocket_extension);
SB_CHECK_STARTS_WITH_SIZE(sb_ingress_request);
SB_CHECK_STARTS_WITH_SIZE(sb_ingress_extension);

/* No tail padding: struct_size = sizeof must never cover bytes that are not members,
 * or a member appended later would read the padding of an older writer. */
#define SB_CHECK_NO_TAIL_PADDING(type, last)                                          \
    _Static_assert(sizeof(type) == offsetof(type, last) + sizeof(((type *)0)->last), \
                   #type " has tail padding; add an explicit reserved member")

SB_CHECK_NO_TAIL_PADDING(sb_error, message);
SB_CHECK_NO_TAIL_PADDING(sb_capabilities, features);
SB_CHECK_NO_TAIL_PADDING(sb_inbound_message, raw_json);
SB_CHECK_NO_TAIL_PADDING(sb_outbound_message, idempotency_key);
SB_CHECK_NO_TAIL_PADDING(sb_send_result, retry_after_ms);
SB_CHECK_NO_TAIL_PADDING(sb_host, get_extension);
SB_CHECK_NO_TAIL_PADDING(sb_plugin_descriptor, get_extension);
SB_CHECK_NO_TAIL_PADDING(sb_edit_request, thread_id);
SB_CHECK_NO_TAIL_PADDING(sb_edit_extension, edit);
SB_CHECK_NO_TAIL_PADDING(sb_typing_extension, set_typing);
SB_CHECK_NO_TAIL_PADDING(sb_stream_update, status);
SB_CHECK_NO_TAIL_PADDING(sb_stream_extension, finish);
SB_CHECK_NO_TAIL_PADDING(sb_loopback_extension, observe);
SB_CHECK_NO_TAIL_PADDING(sb_timer_extension, cancel);
SB_CHECK_NO_TAIL_PADDING(sb_state_extension, set);
SB_CHECK_NO_TAIL_PADDING(sb_identity, display_name);
SB_CHECK_NO_TAIL_PADDING(sb_mapped_user, auth_source);
SB_CHECK_NO_TAIL_PADDING(sb_user_mapper_extension, map);
SB_CHECK_NO_TAIL_PADDING(sb_http_response, body_size);
SB_CHECK_NO_TAIL_PADDING(sb_http_request, max_response_size);
SB_CHECK_NO_TAIL_PADDING(sb_http_handler, on_complete);
SB_CHECK_NO_TAIL_PADDING(sb_http_extension, cancel);
SB_CHECK_NO_TAIL_PADDING(sb_websocket_options, max_message_size);
SB_CHECK_NO_TAIL_PADDING(sb_websocket_handler, on_close);
SB_CHECK_NO_TAIL_PADDING(sb_websocket_extension, close);
SB_CHECK_NO_TAIL_PADDING(sb_ingress_request, body_size);
SB_CHECK_NO_TAIL_PADDING(sb_ingress_extension, finish_streaming);

_Static_assert(offsetof(sb_plugin_descriptor, abi_version) == 4, "abi_version follows struct_size");
_Static_assert(offsetof(sb_host, abi_version) == 4, "abi_version follows struct_size");
_Static_assert(SB_ABI_VERSION == ((SB_ABI_VERSION_MAJOR << 16) | SB_ABI_VERSION_MINOR),
               "SB_ABI_VERSION must equal (major << 16) | minor");
