/*
 * fuzz.h - the entry points every fuzz target defines or may define.
 *
 * Each fuzz/fuzz_<target>.c defines LLVMFuzzerTestOneInput(), which
 * libFuzzer calls with each generated input (SL_BUILD_FUZZERS=ON, clang)
 * and fuzz/standalone_main.c calls with each file of a corpus folder
 * (every other build, under ctest). LLVMFuzzerInitialize() is optional;
 * both drivers call it once, before any input, when it is defined.
 *
 * Declared here so that the targets compile with -Wmissing-prototypes.
 */
#ifndef SL_FUZZ_FUZZ_H
#define SL_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Run one input. Return 0; a bug must crash (abort, sanitizer report). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Optional one-time set-up, given the driver's arguments. Return 0. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
