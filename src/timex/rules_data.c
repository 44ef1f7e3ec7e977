/*
 * rules_data.c - the built-in timex rules files, linked in as they are.
 *
 * Each language's rules live in src/timex/rules/<lang>.lex (format: see
 * lexicon.c). The assembler's .incbin directive places each file's bytes
 * in the library's read-only data at build time, as
 * src/entities/model_data.c does with the tagger's weights; CMake passes
 * the folder as SL_TIMEX_RULES_DIR and rebuilds this file when a rules
 * file changes. To add a language, add its file, a RULES() line below
 * and its code to sl__timex_language_list.
 *
 * Exports sl__timex_rules() and sl__timex_language_list (lexicon.h).
 */
#include "lexicon.h"

#include <string.h>

#ifndef SL_TIMEX_RULES_DIR
#error "SL_TIMEX_RULES_DIR must name src/timex/rules (see src/CMakeLists.txt)"
#endif

/* clang-format off */
#define RULES(lang)                                                        \
    __asm__(".section .rodata\n"                                           \
            ".globl sl__timex_rules_" #lang "\n"                           \
            ".type sl__timex_rules_" #lang ", @object\n"                   \
            "sl__timex_rules_" #lang ":\n"                                 \
            ".incbin \"" SL_TIMEX_RULES_DIR "/" #lang ".lex\"\n"           \
            "sl__timex_rules_" #lang "_end:\n"                             \
            ".size sl__timex_rules_" #lang ", sl__timex_rules_" #lang      \
            "_end - sl__timex_rules_" #lang "\n"                           \
            ".balign 8\n"                                                  \
            ".globl sl__timex_rules_" #lang "_len\n"                       \
            ".type sl__timex_rules_" #lang "_len, @object\n"               \
            "sl__timex_rules_" #lang "_len:\n"                             \
            ".quad sl__timex_rules_" #lang "_end - sl__timex_rules_" #lang \
            "\n"                                                           \
            ".size sl__timex_rules_" #lang "_len, 8\n"                     \
            ".previous\n");                                                \
    extern const char sl__timex_rules_##lang[];                            \
    extern const uint64_t sl__timex_rules_##lang##_len
/* clang-format on */

RULES(en);

const char sl__timex_language_list[] = "en";

const char *sl__timex_rules(const char *language, size_t *len)
{
    if (language == NULL || strcmp(language, "en") == 0) {
        *len = (size_t)sl__timex_rules_en_len;
        return sl__timex_rules_en;
    }
    *len = 0;
    return NULL;
}
