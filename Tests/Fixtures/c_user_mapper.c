/*
 * c_user_mapper.c: a user-mapper plugin in plain C, standing in for an enterprise
 * directory. It offers only the switchboard.user-mapper/1 extension (no platform).
 *
 *   user ids starting with "alice"  -> username "alice", alice@corp.example, auth "corp-directory"
 *   user id "broken"                -> a failure (the directory is down)
 *   anyone else                     -> the default mapping (NULL user)
 */
#include <string.h>

#include "switchboard/plugin.h"

static void mapper_map(const sb_identity *identity, sb_map_callback done, void *token) {
    if (strncmp(identity->user_id, "alice", 5) == 0) {
        sb_mapped_user user;
        memset(&user, 0, sizeof user);
        user.struct_size = sizeof user;
        user.username = "alice";
        user.email = "alice@corp.example";
        user.display_name = "Alice Example";
        user.auth_source = "corp-directory";
        done(token, SB_OK, &user, NULL);
    } else if (strcmp(identity->user_id, "broken") == 0) {
        done(token, SB_ERR_TRANSIENT, NULL, "directory unreachable");
    } else {
        done(token, SB_OK, NULL, NULL);
    }
}

static const sb_user_mapper_extension mapper_extension = {sizeof(sb_user_mapper_extension), mapper_map};

static const void *mapper_get_extension(const char *extension_id) {
    return strcmp(extension_id, SB_USER_MAPPER_EXTENSION_ID) == 0 ? &mapper_extension : NULL;
}

static const sb_plugin_descriptor mapper_descriptor = {
    sizeof(sb_plugin_descriptor),
    SB_ABI_VERSION,
    "corp-directory",
    "Corporate directory (C)",
    "1.0.0",
    NULL, /* no platform: extensions only */
    "Maps chat identities to directory users.",
    NULL,
    NULL,
    NULL,
    NULL, NULL, NULL, NULL, NULL,
    mapper_get_extension,
};

SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(uint32_t host_abi_version) {
    return SB_ABI_MAJOR_OF(host_abi_version) == SB_ABI_VERSION_MAJOR ? &mapper_descriptor : NULL;
}
