/*
 * out.c - output helpers shared by the commands: JSON strings, CSV fields
 * (RFC 4180) and a progress line for terminals.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

void out_json_str(FILE *f, const char *s)
{
    static const char hex[] = "0123456789abcdef";

    if (s == NULL) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (c < 0x20) {
                fprintf(f, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
            } else {
                fputc(c, f);
            }
        }
    }
    fputc('"', f);
}

void out_csv_field(FILE *f, const char *s)
{
    if (s == NULL) {
        return;
    }
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') {
            fputc('"', f);
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

int out_parse_format(out_format *fmt, const char *name)
{
    if (strcmp(name, "text") == 0) {
        *fmt = OUT_TEXT;
    } else if (strcmp(name, "json") == 0) {
        *fmt = OUT_JSON;
    } else if (strcmp(name, "jsonl") == 0) {
        *fmt = OUT_JSONL;
    } else if (strcmp(name, "csv") == 0) {
        *fmt = OUT_CSV;
    } else {
        return -1;
    }
    return 0;
}
