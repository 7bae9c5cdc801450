#include "switchboard_toolchain.h"

/* SwiftPM compiles C targets with the clang of the Swift toolchain in use, so its
 * version string (which carries the toolchain's LLVM commit) names that toolchain. */
#if defined(__x86_64__)
#define SB_TARGET_ARCH "x86_64"
#elif defined(__aarch64__)
#define SB_TARGET_ARCH "aarch64"
#else
#define SB_TARGET_ARCH "unknown-arch"
#endif

#if defined(__linux__)
#define SB_TARGET_OS "linux"
#elif defined(__APPLE__)
#define SB_TARGET_OS "darwin"
#else
#define SB_TARGET_OS "unknown-os"
#endif

const char *sb_toolchain_identifier(void) {
    return "clang " __clang_version__ "; " SB_TARGET_ARCH "-" SB_TARGET_OS;
}
