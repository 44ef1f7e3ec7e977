/*
 * assets.c - the web page's files and the OpenAPI document, built into
 * the library (sl_serve_asset(), storyline/serve.h).
 *
 * The assembler's .incbin directive places each file of web/ (and
 * docs/openapi.json) in read-only data at build time, as
 * src/entities/model_data.c does with the tagger's weights: the server
 * needs no files at run time, and nothing is read from disk on a request.
 * CMake passes the two folders as SL_WEB_DIR and SL_DOCS_DIR and rebuilds
 * this file when any asset changes. The table below is the whole set of
 * servable names: a request for anything else is a 404, so no path can
 * reach the file system.
 */
#include <string.h>

#include "storyline/serve.h"

#if !defined(SL_WEB_DIR) || !defined(SL_DOCS_DIR)
#error "SL_WEB_DIR and SL_DOCS_DIR must name the asset folders"
#endif

/* One symbol pair per file: NAME_start .. NAME_end. */
#define SL_ASSET(sym, path)                       \
    __asm__(".section .rodata\n"                  \
            ".balign 16\n"                        \
            ".globl sl__asset_" #sym "\n"         \
            ".type sl__asset_" #sym ", @object\n" \
            "sl__asset_" #sym ":\n"               \
            ".incbin \"" path "\"\n"              \
            ".globl sl__asset_" #sym "_end\n"     \
            "sl__asset_" #sym "_end:\n"           \
            ".byte 0\n"                           \
            ".previous\n");                       \
    extern const char sl__asset_##sym[], sl__asset_##sym##_end[]

SL_ASSET(index_html, SL_WEB_DIR "/index.html");
SL_ASSET(app_js, SL_WEB_DIR "/app.js");
SL_ASSET(style_css, SL_WEB_DIR "/style.css");
SL_ASSET(favicon_svg, SL_WEB_DIR "/favicon.svg");
SL_ASSET(openapi_json, SL_DOCS_DIR "/openapi.json");

static const struct {
    const char *name;
    const char *type;
    const char *start;
    const char *end;
} assets[] = {
    { "index.html", "text/html; charset=utf-8", sl__asset_index_html,
      sl__asset_index_html_end },
    { "app.js", "text/javascript; charset=utf-8", sl__asset_app_js,
      sl__asset_app_js_end },
    { "style.css", "text/css; charset=utf-8", sl__asset_style_css,
      sl__asset_style_css_end },
    { "favicon.svg", "image/svg+xml", sl__asset_favicon_svg,
      sl__asset_favicon_svg_end },
    { "openapi.json", "application/json", sl__asset_openapi_json,
      sl__asset_openapi_json_end },
};

int sl_serve_asset(const char **data,
                   size_t *len,
                   const char **content_type,
                   const char *name)
{
    for (size_t i = 0; i < sizeof(assets) / sizeof(assets[0]); i++) {
        if (strcmp(name, assets[i].name) == 0) {
            *data = assets[i].start;
            *len = (size_t)(assets[i].end - assets[i].start);
            *content_type = assets[i].type;
            return SL_OK;
        }
    }
    return SL_ENOTFOUND;
}
