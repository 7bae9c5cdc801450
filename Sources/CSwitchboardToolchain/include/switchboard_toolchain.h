/*
 * The toolchain a Swift image was built with. Swift has no stable ABI on Linux, so a
 * Swift-built plugin must come from the same toolchain as the host (DESIGN.md, ABI
 * rule 10). The Swift provider kit writes this string into the plugin descriptor;
 * the host compares it with its own and refuses a mismatch.
 */
#ifndef SWITCHBOARD_TOOLCHAIN_H
#define SWITCHBOARD_TOOLCHAIN_H

/* The ELF section holding the identifier in every Swift image built with the kit. */
#define SB_TOOLCHAIN_SECTION "switchboard_toolchain"

/* A static string naming compiler build and target, e.g.
 * "clang 21.0.0 (https://github.com/swiftlang/llvm-project.git 1167...); x86_64-linux".
 * [any-thread]; the string lives until the process exits. */
const char *sb_toolchain_identifier(void);

#endif
