/*
 * model_data.c - the entity tagger's built-in weights, linked in as they
 * are.
 *
 * The weights live in src/entities/model.bin, a blob in the layout of
 * model.h written by tools/train_ner; its first bytes say which command
 * made it. The assembler's .incbin directive places the file's bytes in
 * the library's read-only data at build time, so nothing is parsed,
 * copied or allocated when a tagger starts, and the C compiler never sees
 * a multi-megabyte array. CMake passes the file's path as
 * SL_NER_MODEL_PATH and rebuilds this file when the blob changes.
 *
 * Exports sl__ner_blob and sl__ner_blob_len (declared in model.h).
 */
#include "model.h"

#ifndef SL_NER_MODEL_PATH
#error "SL_NER_MODEL_PATH must name the model blob (see src/CMakeLists.txt)"
#endif

__asm__(".section .rodata\n"
        ".balign 64\n"
        ".globl sl__ner_blob\n"
        ".type sl__ner_blob, @object\n"
        "sl__ner_blob:\n"
        ".incbin \"" SL_NER_MODEL_PATH "\"\n"
        "sl__ner_blob_end:\n"
        ".size sl__ner_blob, sl__ner_blob_end - sl__ner_blob\n"
        ".balign 8\n"
        ".globl sl__ner_blob_len\n"
        ".type sl__ner_blob_len, @object\n"
        "sl__ner_blob_len:\n"
        ".quad sl__ner_blob_end - sl__ner_blob\n"
        ".size sl__ner_blob_len, 8\n"
        ".previous\n");
