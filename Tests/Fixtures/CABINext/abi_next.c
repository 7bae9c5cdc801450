#include "abi_next.h"

#define SAME_PLACE(next, current, member) \
    _Static_assert(offsetof(next, member) == offsetof(current, member), #member " moved")

SAME_PLACE(sb_host_next, sb_host, abi_version);
SAME_PLACE(sb_host_next, sb_host, channel_id);
SAME_PLACE(sb_host_next, sb_host, host_data);
SAME_PLACE(sb_host_next, sb_host, log);
SAME_PLACE(sb_host_next, sb_host, deliver);
SAME_PLACE(sb_host_next, sb_host, set_status);
SAME_PLACE(sb_host_next, sb_host, get_extension);
_Static_assert(offsetof(sb_host_next, appended_in_1_1) >= sizeof(sb_host), "appended after 1.0");

SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, abi_version);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, id);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, toolchain);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, config_schema);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, capabilities);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, create);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, start);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, stop);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, destroy);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, send);
SAME_PLACE(sb_plugin_descriptor_next, sb_plugin_descriptor, get_extension);
_Static_assert(offsetof(sb_plugin_descriptor_next, appended_in_1_1) >= sizeof(sb_plugin_descriptor), "appended after 1.0");
