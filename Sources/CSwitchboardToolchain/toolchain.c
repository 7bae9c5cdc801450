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

/* Also kept in an ELF section of its own, so that the host can read a plugin's
 * toolchain from the file before loading it (no code of a mismatched Swift image
 * runs in the host). */
__attribute__((used, section(SB_TOOLCHAIN_SECTION)))
static const char toolchain_identifier[] = "clang " __clang_version__ "; " SB_TARGET_ARCH "-" SB_TARGET_OS;

const char *sb_toolchain_identifier(void) {
    return toolchain_identifier;
}
