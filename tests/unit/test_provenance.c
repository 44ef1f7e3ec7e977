/*
 * test_provenance.c - copy detection and attribution on articles written
 * for these tests: a reprint with page boilerplate, an excerpt, a partial
 * copy, a spun rewrite, an update, an independent report sharing one
 * quotation, a late-arriving original, clock skew (an excerpt dated
 * before its source; a root whose family follows another member; a
 * reprint dated first that carries its source's name, site or date line;
 * a rewrite dated first whose family copies its source's words), a chain,
 * and out-of-memory at every allocation of a put.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "provenance/align.h"
#include "provenance/doc.h"
#include "provenance/provenance.h"
#include "store/backend.h"
#include "storyline/provenance.h"
#include "storyline/store.h"
#include "support.h"

/* The original: six paragraphs on an invented event. */
static const char *const orig[] = {
    "The Harlow Street bridge in Port Elwin will close for eleven weeks "
    "from Monday while engineers replace its corroded steel bearings, the "
    "city transport office said on Thursday.",
    "About 14,000 vehicles cross the bridge every day, and officials "
    "expect long delays on the coast road and the two ferry routes that "
    "will carry much of the extra traffic.",
    "Inspectors found cracks in four of the twelve bearings during a "
    "routine survey in March, and a report by the firm Dunmore Partners "
    "warned that the structure could not carry heavy lorries safely.",
    "\"We cannot take any risks with a bridge that carries school buses "
    "and ambulances every hour of the day,\" said transport director "
    "Miriam Okafor at a briefing in the town hall.",
    "The repairs will cost 3.2 million pounds, paid from a regional fund "
    "that was set aside last year for ageing river crossings across the "
    "northern district.",
    "Shop owners on Harlow Street said the closure would hurt trade in "
    "the busiest weeks of the summer, and the chamber of commerce asked "
    "the council for a temporary footbridge.",
};

/* The same paragraphs after a thesaurus rewrite: synonyms, dropped
 * words, a phrase moved. */
static const char *const spun[] = {
    "The Harlow Street bridge in Port Elwin will shut for eleven weeks "
    "from Monday while technicians swap its rusted steel bearings, the "
    "city transport bureau stated on Thursday.",
    "About 14,000 cars traverse the bridge each day, and officials "
    "anticipate lengthy delays on the coast road and the two ferry routes "
    "that will bear much of the additional traffic.",
    "Inspectors discovered fissures in four of the twelve bearings during "
    "a routine study in March, and a report by the firm Dunmore Partners "
    "cautioned the structure could not carry heavy trucks securely.",
    "\"We cannot take any risks with a bridge that carries school buses "
    "and ambulances every hour of the day,\" said transport director "
    "Miriam Okafor at a briefing in the town hall.",
    "The repairs will price 3.2 million pounds, paid from a regional "
    "fund that was put aside last year for aging river crossings across "
    "the northerly district.",
    "Store proprietors on Harlow Street stated the closing would damage "
    "commerce in the busiest weeks of the summer, and the chamber of "
    "commerce requested the council for a provisional footbridge.",
};

/* Another outlet's own report on the same event, quoting the same
 * statement. */
static const char *const other[] = {
    "Drivers in Port Elwin face a summer of detours after the council "
    "confirmed that the old crossing on Harlow Street is to be shut for "
    "bearing repairs lasting nearly three months.",
    "\"We cannot take any risks with a bridge that carries school buses "
    "and ambulances every hour of the day,\" said transport director "
    "Miriam Okafor at a briefing in the town hall.",
    "Residents of the eastern estates told this newspaper they already "
    "spend forty minutes queuing at the roundabout on weekday mornings "
    "and fear the work will double that.",
    "A local cycling group welcomed the decision and said it would run "
    "free guided rides along the river path for commuters who leave "
    "their cars at home during the works.",
    "The council said a full timetable of the diversions would be posted "
    "online next week, along with advice for hauliers heading to the "
    "container terminal at the port.",
};

/* Paragraphs a partial copy adds around two of the original's. */
static const char *const own[] = {
    "Commuters in the northern suburbs have complained for years about "
    "the state of the river crossings, and several petitions were handed "
    "to the regional assembly last winter.",
    "Our reporter spent a morning at the coast road junction, where "
    "traffic already backs up past the petrol station when the ferry "
    "unloads its morning sailing.",
    "Neighbouring towns have faced similar closures, and most of them "
    "ended weeks late after engineers found more damage once the old "
    "paint and asphalt were stripped away.",
    "Readers can send their questions about the diversions to the letters "
    "page, and we will put the most common ones to the council before the "
    "work begins.",
};

/* Join paragraphs [from, to) of 'p' with blank lines, between 'head' and
 * 'tail'. The caller frees the result. */
static char *join(const char *head,
                  const char *const *p,
                  size_t from,
                  size_t to,
                  const char *tail)
{
    size_t len = strlen(head) + strlen(tail) + 1;
    char *s;

    for (size_t i = from; i < to; i++) {
        len += strlen(p[i]) + 2;
    }
    s = malloc(len);
    assert_non_null(s);
    strcpy(s, head);
    for (size_t i = from; i < to; i++) {
        strcat(s, p[i]);
        strcat(s, "\n\n");
    }
    strcat(s, tail);
    return s;
}

/* Put an article with a title and URL; takes 'body'. */
static int64_t put_page(sl_store *st,
                        const char *ext_id,
                        const char *title,
                        const char *url,
                        const char *source,
                        const char *published,
                        char *body)
{
    sl_store_input in;
    int64_t id = 0;

    memset(&in, 0, sizeof(in));
    in.ext_id = ext_id;
    in.title = title;
    in.url = url;
    in.body = body;
    in.source = source;
    in.published = published;
    in.ingested_ms = 1700000000000;
    assert_int_equal(sl_store_put(&id, NULL, st, &in), SL_OK);
    free(body);
    return id;
}

static int64_t put(sl_store *st,
                   const char *ext_id,
                   const char *source,
                   const char *published,
                   char *body)
{
    sl_store_input in;
    int64_t id = 0;

    memset(&in, 0, sizeof(in));
    in.ext_id = ext_id;
    in.title = ext_id;
    in.body = body;
    in.source = source;
    in.published = published;
    in.ingested_ms = 1700000000000;
    assert_int_equal(sl_store_put(&id, NULL, st, &in), SL_OK);
    free(body);
    return id;
}

typedef struct origin {
    int64_t original;
    char kind[16];
    int rows;
} origin;

static int on_row(const sl_copy_row *r, void *payload)
{
    origin *o = payload;

    if (o->rows++ == 0) {
        o->original = r->original_id;
        snprintf(o->kind, sizeof(o->kind), "%s", r->kind ? r->kind : "");
    }
    return 0;
}

static origin origin_of(sl_store *st, int64_t id)
{
    origin o;

    memset(&o, 0, sizeof(o));
    assert_int_equal(sl_copies_list(st, id, on_row, &o), SL_OK);
    return o;
}

static const char boiler_top[] = "Share this\nBy Staff Reporter\nPosted "
                                 "12/06/2024 09:10 GMT\n\n";
static const char boiler_end[] =
    "Related Articles\n\nFerry fares rise again on the northern routes\n\n"
    "Council approves new harbour wall after winter storms\n\n"
    "(c) 2024 The Other Paper. All rights reserved.\n";

static void test_provenance__reprint_with_boilerplate(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    int64_t r = put(f->st, "r", "Other Paper", "2024-06-12T10:00:00Z",
                    join(boiler_top, orig, 0, 6, boiler_end));
    origin x = origin_of(f->st, r);

    assert_int_equal(x.original, o);
    assert_string_equal(x.kind, "reprint");
    assert_int_equal(origin_of(f->st, o).original, 0);
}

static void test_provenance__excerpt(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    int64_t e = put(
        f->st, "e", "Digest", "2024-06-12T11:00:00Z",
        join("", orig, 1, 4, "Read more at https://elwin.example/bridge\n"));
    origin x = origin_of(f->st, e);

    assert_int_equal(x.original, o);
    assert_string_equal(x.kind, "excerpt");
}

static void test_provenance__partial(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    char *mix = join("", own, 0, 2, "");
    char *body = join(mix, orig, 1, 4, "");
    free(mix);
    mix = join(body, own, 2, 4, "");
    free(body);
    int64_t p = put(f->st, "p", "Weekly", "2024-06-13T08:00:00Z", mix);
    origin x = origin_of(f->st, p);

    assert_int_equal(x.original, o);
    assert_string_equal(x.kind, "partial");
}

static void test_provenance__spun(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    int64_t s = put(f->st, "s", "Farm", "2024-06-12T09:00:00Z",
                    join("", spun, 0, 6, ""));
    origin x = origin_of(f->st, s);

    assert_int_equal(x.original, o);
    assert_string_equal(x.kind, "spun");
}

static void test_provenance__update(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 5, ""));
    int64_t u = put(f->st, "o-2", "Elwin Post", "2024-06-12T15:00:00Z",
                    join("", orig, 0, 6, ""));
    origin x = origin_of(f->st, u);

    assert_int_equal(x.original, o);
    assert_string_equal(x.kind, "update");
}

static void test_provenance__shared_quotation_is_no_copy(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    int64_t i = put(f->st, "i", "Gazette", "2024-06-12T12:00:00Z",
                    join("", other, 0, 5, ""));

    assert_int_equal(origin_of(f->st, i).original, 0);
    assert_int_equal(origin_of(f->st, o).original, 0);
}

static void test_provenance__late_original_takes_over(void **state)
{
    fixture *f = *state;
    int64_t r = put(f->st, "r", "Other Paper", "2024-06-12T10:00:00Z",
                    join(boiler_top, orig, 0, 6, boiler_end));
    int64_t s = put(f->st, "s", "Farm", "2024-06-12T11:00:00Z",
                    join("", spun, 0, 6, ""));
    assert_int_equal(origin_of(f->st, s).original, r);
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));

    assert_int_equal(origin_of(f->st, o).original, 0);
    assert_int_equal(origin_of(f->st, r).original, o);
    assert_int_equal(origin_of(f->st, s).original, o);
}

static void test_provenance__clock_skew_excerpt(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    /* The excerpt claims to be three hours older than its source. */
    int64_t e = put(f->st, "e", "Digest", "2024-06-12T05:00:00Z",
                    join("", orig, 0, 3, ""));
    origin x = origin_of(f->st, e);

    assert_int_equal(x.original, o);
    assert_string_equal(x.kind, "excerpt");
    assert_int_equal(origin_of(f->st, o).original, 0);
}

static void test_provenance__chain_goes_to_the_root(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    put(f->st, "r", "Other Paper", "2024-06-12T10:00:00Z",
        join(boiler_top, orig, 0, 6, boiler_end));
    int64_t c = put(f->st, "c", "Farm", "2024-06-12T12:00:00Z",
                    join("", spun, 0, 6, ""));

    assert_int_equal(origin_of(f->st, c).original, o);
}

static void test_provenance__index_persists(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));

    sl_store_close(f->st);
    assert_int_equal(sl_store_open(&f->st, f->path, NULL), SL_OK);
    int64_t r = put(f->st, "r", "Other Paper", "2024-06-12T10:00:00Z",
                    join(boiler_top, orig, 0, 6, boiler_end));
    assert_int_equal(origin_of(f->st, r).original, o);
    /* A rebuild finds the same link. */
    size_t n = 0;
    assert_int_equal(sl_copies_rebuild(f->st, &n), SL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(origin_of(f->st, r).original, o);
}

/* A store migrated from an older index layout has its postings dropped
 * and a stale header (store/sqlite.c, migration 5): the next put indexes
 * the stored texts again and finds its original among them. */
static void test_provenance__stale_index_is_rebuilt(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    sqlite3 *db = sl__sqlite_handle(f->st);

    assert_int_equal(sqlite3_exec(db,
                                  "DELETE FROM prov_postings;"
                                  "INSERT INTO prov_postings VALUES (0, x'00')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    int64_t r = put(f->st, "r", "Other Paper", "2024-06-12T10:00:00Z",
                    join(boiler_top, orig, 0, 6, boiler_end));
    assert_int_equal(origin_of(f->st, r).original, o);
    /* Once: the header is live again, and a third text finds both. */
    int64_t e = put(f->st, "e", "Third Paper", "2024-06-12T11:00:00Z",
                    join("", orig, 0, 3, ""));
    assert_int_equal(origin_of(f->st, e).original, o);
}

static void test_provenance__boilerplate_is_not_content(void **state)
{
    sl__prov_doc d;
    char *body = join(boiler_top, orig, 0, 2, boiler_end);

    (void)state;
    sl__prov_doc_init(&d);
    assert_int_equal(sl__prov_doc_build(&d, body, strlen(body)), SL_OK);
    /* Two paragraphs of one sentence each; the furniture is gone. */
    assert_int_equal(d.nsent, 2);
    assert_true(d.nindex > 0);
    sl__prov_doc_dispose(&d);
    free(body);
}

static void test_provenance__spun_sentences_align(void **state)
{
    sl__prov_doc a, b;
    sl__prov_match m;
    char *x = join("", orig, 0, 6, ""), *y = join("", spun, 0, 6, "");

    (void)state;
    sl__prov_doc_init(&a);
    sl__prov_doc_init(&b);
    sl__prov_match_init(&m);
    assert_int_equal(sl__prov_doc_build(&a, x, strlen(x)), SL_OK);
    assert_int_equal(sl__prov_doc_build(&b, y, strlen(y)), SL_OK);
    assert_int_equal(sl__prov_align(&m, &a, &b), SL_OK);
    assert_int_equal(m.npairs, 6);
    assert_true(m.sim > 0.6 && m.sim < 0.95);
    sl__prov_match_dispose(&m);
    sl__prov_doc_dispose(&a);
    sl__prov_doc_dispose(&b);
    free(x);
    free(y);
}

static void test_provenance__skewed_root_loses_its_family(void **state)
{
    fixture *f = *state;
    /* A reprint whose clock runs five hours slow arrives first... */
    int64_t r = put(f->st, "r", "Other Paper", "2024-06-12T03:00:00Z",
                    join(boiler_top, orig, 0, 6, boiler_end));
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    assert_int_equal(origin_of(f->st, o).original, r);
    /* ...then the copies follow the original within the hour. */
    int64_t c1 = put(f->st, "c1", "Northside Daily", "2024-06-12T08:20:00Z",
                     join("Listen to this article\n\n", orig, 0, 6, ""));
    int64_t c2 = put(f->st, "c2", "Harbour Times", "2024-06-12T08:40:00Z",
                     join("", orig, 0, 6, "Share this\n"));
    assert_int_equal(origin_of(f->st, c1).original, r);
    int64_t c3 = put(f->st, "c3", "Valley Record", "2024-06-12T09:00:00Z",
                     join("", spun, 0, 6, ""));
    int64_t c4 = put(f->st, "c4", "Coast Weekly", "2024-06-12T09:10:00Z",
                     join("Posted by the news desk\n\n", orig, 0, 6, ""));

    assert_int_equal(origin_of(f->st, o).original, 0);
    assert_int_equal(origin_of(f->st, r).original, o);
    assert_string_equal(origin_of(f->st, r).kind, "reprint");
    assert_int_equal(origin_of(f->st, c1).original, o);
    assert_int_equal(origin_of(f->st, c2).original, o);
    assert_int_equal(origin_of(f->st, c3).original, o);
    assert_int_equal(origin_of(f->st, c4).original, o);
}

static void test_provenance__spread_family_keeps_its_root(void **state)
{
    fixture *f = *state;
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T03:00:00Z",
                    join("", orig, 0, 6, ""));
    /* Copies over a day: no member stands out as the family's start. */
    int64_t c1 = put(f->st, "c1", "Other Paper", "2024-06-12T08:00:00Z",
                     join(boiler_top, orig, 0, 6, boiler_end));
    put(f->st, "c2", "Northside Daily", "2024-06-12T10:00:00Z",
        join("Listen to this article\n\n", orig, 0, 6, ""));
    put(f->st, "c3", "Harbour Times", "2024-06-12T15:00:00Z",
        join("", orig, 0, 6, "Share this\n"));
    int64_t c4 = put(f->st, "c4", "Valley Record", "2024-06-12T21:00:00Z",
                     join("", spun, 0, 6, ""));

    assert_int_equal(origin_of(f->st, o).original, 0);
    assert_int_equal(origin_of(f->st, c1).original, o);
    assert_int_equal(origin_of(f->st, c4).original, o);
}

static void test_provenance__later_burst_keeps_its_root(void **state)
{
    fixture *f = *state;
    /* An original, then two days later a burst of reprints: no clock is
     * two days wrong, so the burst does not take the family over. */
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-10T08:00:00Z",
                    join("", orig, 0, 6, ""));
    int64_t c1 = put(f->st, "c1", "Other Paper", "2024-06-12T08:00:00Z",
                     join(boiler_top, orig, 0, 6, boiler_end));
    put(f->st, "c2", "Northside Daily", "2024-06-12T08:20:00Z",
        join("Listen to this article\n\n", orig, 0, 6, ""));
    put(f->st, "c3", "Harbour Times", "2024-06-12T08:40:00Z",
        join("", orig, 0, 6, "Share this\n"));
    put(f->st, "c4", "Coast Weekly", "2024-06-12T09:00:00Z",
        join("Posted by the news desk\n\n", orig, 0, 6, ""));
    int64_t c5 = put(f->st, "c5", "Valley Record", "2024-06-12T09:10:00Z",
                     join("", spun, 0, 6, ""));

    assert_int_equal(origin_of(f->st, o).original, 0);
    assert_int_equal(origin_of(f->st, c1).original, o);
    assert_int_equal(origin_of(f->st, c5).original, o);
}

static void test_provenance__skewed_reprint_keeps_the_title(void **state)
{
    fixture *f = *state;
    /* The reprint is dated first, but its title still names the outlet
     * it was taken from. */
    int64_t r = put_page(f->st, "r", "Bridge to close :: Elwin Post", NULL,
                         "Other Paper", "2024-06-12T03:00:00Z",
                         join("", orig, 0, 6, "Share this\n"));
    int64_t o = put_page(f->st, "o", "Bridge to close :: Elwin Post", NULL,
                         "Elwin Post", "2024-06-12T08:00:00Z",
                         join("", orig, 0, 6, ""));

    assert_int_equal(origin_of(f->st, o).original, 0);
    assert_int_equal(origin_of(f->st, r).original, o);
}

static void test_provenance__skewed_reprint_names_the_site(void **state)
{
    fixture *f = *state;
    int64_t r = put_page(
        f->st, "r", "Bridge to close", "https://otherpaper.example/b",
        "Other Paper", "2024-06-12T03:00:00Z",
        join("", orig, 0, 6,
             "This article originally appeared on elwinpost.example\n"));
    int64_t o =
        put_page(f->st, "o", "Bridge to close",
                 "https://www.elwinpost.example/2024/06/bridge", "Elwin Post",
                 "2024-06-12T08:00:00Z", join("", orig, 0, 6, ""));

    assert_int_equal(origin_of(f->st, o).original, 0);
    assert_int_equal(origin_of(f->st, r).original, o);
}

static void test_provenance__skewed_reprint_keeps_the_date_line(void **state)
{
    fixture *f = *state;
    /* The page was taken whole, with the source's "Updated" line. */
    int64_t r = put(f->st, "r", "Other Paper", "2024-06-12T03:00:00Z",
                    join("Updated 12/06/2024 08:15 GMT\n\n", orig, 0, 6, ""));
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:15:00Z",
                    join("Updated 12/06/2024 08:15 GMT\n\n", orig, 0, 6, ""));

    assert_int_equal(origin_of(f->st, o).original, 0);
    assert_int_equal(origin_of(f->st, r).original, o);
    assert_int_equal(origin_of(f->st, r).rows, 1);
}

static void test_provenance__skewed_rewrite_loses_its_family(void **state)
{
    fixture *f = *state;
    /* A spun rewrite dated five hours early comes first... */
    int64_t s = put(f->st, "s", "Farm", "2024-06-12T03:00:00Z",
                    join("", spun, 0, 6, ""));
    int64_t o = put(f->st, "o", "Elwin Post", "2024-06-12T08:00:00Z",
                    join("", orig, 0, 6, ""));
    assert_int_equal(origin_of(f->st, o).original, s);
    /* ...then a reprint of the original's words shows who wrote them. */
    int64_t r = put(f->st, "r", "Other Paper", "2024-06-12T10:00:00Z",
                    join(boiler_top, orig, 0, 6, boiler_end));

    assert_int_equal(origin_of(f->st, o).original, 0);
    assert_int_equal(origin_of(f->st, s).original, o);
    assert_string_equal(origin_of(f->st, s).kind, "spun");
    assert_int_equal(origin_of(f->st, r).original, o);
}

static void test_provenance__out_of_memory(void **state)
{
    fixture *f = *state;
    const sl_allocator a = { test_failing_malloc, test_failing_realloc, free };
    sl_store_options so = { .no_copies = 1 };
    sl_store_input oi, ri;
    char *ob = join("", orig, 0, 6, "");
    char *rb = join(boiler_top, orig, 0, 6, boiler_end);
    int64_t o = 0, r = 0, o_ms = INT64_C(1718179200000);
    long n;
    int rc = SL_ENOMEM;

    /* Store both texts without detection, then run the detection step
     * itself: the store's own allocations are not under test here. */
    sl_store_close(f->st);
    assert_int_equal(sl_store_open(&f->st, f->path, &so), SL_OK);
    memset(&oi, 0, sizeof(oi));
    oi.ext_id = "o";
    oi.title = "o";
    oi.body = ob;
    oi.source = "Elwin Post";
    oi.published = "2024-06-12T08:00:00Z";
    oi.ingested_ms = 1700000000000;
    ri = oi;
    ri.ext_id = "r";
    ri.title = "r";
    ri.body = rb;
    ri.source = "Other Paper";
    ri.published = "2024-06-12T10:00:00Z";
    assert_int_equal(sl_store_put(&o, NULL, f->st, &oi), SL_OK);
    assert_int_equal(sl_store_put(&r, NULL, f->st, &ri), SL_OK);
    assert_int_equal(sl__prov_on_put(f->st, o, 1, &oi, o_ms), SL_OK);
    /* A new handle: the cache of analysed bodies starts empty. */
    sl_store_close(f->st);
    assert_int_equal(sl_store_open(&f->st, f->path, &so), SL_OK);

    sl_set_allocator(&a);
    for (n = 0; n < 100000 && rc == SL_ENOMEM; n++) {
        assert_int_equal(sl_store_begin(f->st), SL_OK);
        test_fail_at = n;
        test_alloc_count = 0;
        rc = sl__prov_on_put(f->st, r, 1, &ri, o_ms + 7200000);
        test_fail_at = -1;
        if (rc == SL_OK) {
            assert_int_equal(sl_store_commit(f->st), SL_OK);
        } else {
            assert_int_equal(sl_store_rollback(f->st), SL_OK);
        }
    }
    sl_set_allocator(NULL);
    assert_int_equal(rc, SL_OK);
    assert_true(n > 10);
    origin x = origin_of(f->st, r);
    assert_int_equal(x.original, o);
    assert_string_equal(x.kind, "reprint");
    free(ob);
    free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_provenance__reprint_with_boilerplate, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__excerpt,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__partial,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__spun, test_store_setup,
                                        test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__update,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__shared_quotation_is_no_copy, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__late_original_takes_over, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__clock_skew_excerpt,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__later_burst_keeps_its_root, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__chain_goes_to_the_root,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__stale_index_is_rebuilt,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__index_persists,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__skewed_root_loses_its_family, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__spread_family_keeps_its_root, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__skewed_reprint_keeps_the_title, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__skewed_reprint_names_the_site, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__skewed_reprint_keeps_the_date_line,
            test_store_setup, test_store_teardown),
        cmocka_unit_test_setup_teardown(
            test_provenance__skewed_rewrite_loses_its_family, test_store_setup,
            test_store_teardown),
        cmocka_unit_test_setup_teardown(test_provenance__out_of_memory,
                                        test_store_setup, test_store_teardown),
        cmocka_unit_test(test_provenance__boilerplate_is_not_content),
        cmocka_unit_test(test_provenance__spun_sentences_align),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
