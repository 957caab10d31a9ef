/* Code-table search for the pickers: prefix match on codes, all-words match
 * on names; the most common booking charges lead an empty search. */
#include "ui/code_search.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Charges most often booked at a county jail, shown before any search. */
static const char *const common_offenses[] = {
    "5404", "1313", "2399", "3562", "4801", "5015", "5012", "1399", "2299",
    "2404", "3532", "5311", "5707", "5212", "4899", "2589", "7399", "0399",
};

static bool ci_contains(const char *hay, const char *needle, size_t n)
{
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        while (i < n && h[i] && toupper((unsigned char)h[i]) == toupper((unsigned char)needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* True when needle[0..n) occurs in hay as a whole word (not inside a
 * longer word). */
static bool ci_contains_word(const char *hay, const char *needle, size_t n)
{
    for (const char *h = hay; *h; h++) {
        if (h > hay && isalnum((unsigned char)h[-1]))
            continue;
        size_t i = 0;
        while (i < n && h[i] && toupper((unsigned char)h[i]) == toupper((unsigned char)needle[i]))
            i++;
        if (i == n && !isalnum((unsigned char)h[n]))
            return true;
    }
    return false;
}

/* True when every word of query occurs in a or b: as a whole word when
 * whole, else anywhere. */
static bool words_match_how(const char *query, const char *a, const char *b, bool whole)
{
    const char *p = query;
    bool any = false;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t n = (size_t)(p - w);
        if (n == 0)
            continue;
        any = true;
        bool (*has)(const char *, const char *, size_t) = whole ? ci_contains_word : ci_contains;
        if (!has(a, w, n) && !(b && has(b, w, n)))
            return false;
    }
    return any;
}

static bool words_match(const char *query, const char *a, const char *b)
{
    return words_match_how(query, a, b, false);
}

static bool prefix_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (toupper((unsigned char)*s) != toupper((unsigned char)*prefix))
            return false;
    return true;
}

static bool equal_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (toupper((unsigned char)*a) != toupper((unsigned char)*b))
            return false;
    return *a == *b;
}

static bool offense_already(const struct code_offense **out, int n, const struct code_offense *o)
{
    for (int i = 0; i < n; i++)
        if (out[i] == o)
            return true;
    return false;
}

int code_search_offense(const char *query, const struct code_offense **out, int max)
{
    int n = 0;
    while (*query == ' ')
        query++;
    if (!*query) {
        for (size_t i = 0; i < sizeof common_offenses / sizeof common_offenses[0] && n < max; i++) {
            const struct code_offense *o = codes_offense_find(common_offenses[i]);
            if (o)
                out[n++] = o;
        }
        return n;
    }
    /* Ranked passes: the exact code, codes starting with the query, a
     * literal or category that is the query ("ASSAULT": the assault codes
     * before "SEXUAL ASSAULT"), every word as a whole word, then every word
     * anywhere. */
    for (int pass = 0; pass < 5; pass++) {
        for (size_t i = 0; i < codes_offense_count && n < max; i++) {
            const struct code_offense *o = &codes_offense[i];
            bool hit = pass == 0   ? equal_ci(o->code, query)
                       : pass == 1 ? prefix_ci(o->code, query)
                       : pass == 2 ? equal_ci(o->literal, query) || equal_ci(o->category, query)
                       : pass == 3 ? words_match_how(query, o->literal, o->category, true)
                                   : words_match(query, o->literal, o->category);
            if (hit && !offense_already(out, n, o))
                out[n++] = o;
        }
    }
    return n;
}

static bool place_ok(const struct code_place *p, bool countries_only)
{
    if (!countries_only)
        return true;
    return strcmp(p->kind, "country") == 0 || strcmp(p->code, "US") == 0;
}

static bool already(const struct code_place **out, int n, const struct code_place *p)
{
    for (int i = 0; i < n; i++)
        if (out[i] == p)
            return true;
    return false;
}

int code_search_place(const char *query, bool countries_only, const struct code_place **out,
                      int max)
{
    int n = 0;
    while (*query == ' ')
        query++;
    if (!*query)
        return 0;
    /* Ranked passes: the exact code, the exact name, names starting with the
     * query (countries first: "MEXICO" gives the country MM before the
     * Mexican states), then names containing every word ("KANSAS" before
     * "ARKANSAS"). */
    for (int pass = 0; pass < 5; pass++) {
        for (size_t i = 0; i < codes_place_count && n < max; i++) {
            const struct code_place *p = &codes_place[i];
            if (!place_ok(p, countries_only) || already(out, n, p))
                continue;
            bool country = strcmp(p->kind, "country") == 0;
            bool hit = pass == 0   ? equal_ci(p->code, query)
                       : pass == 1 ? equal_ci(p->name, query)
                       : pass == 2 ? country && prefix_ci(p->name, query)
                       : pass == 3 ? prefix_ci(p->name, query)
                                   : words_match(query, p->name, NULL);
            if (hit)
                out[n++] = p;
        }
    }
    return n;
}

const char *code_place_kind_label(const char *kind)
{
    if (strcmp(kind, "us_state") == 0)
        return "US state";
    if (strcmp(kind, "us_territory") == 0)
        return "US territory";
    if (strcmp(kind, "canada_province") == 0)
        return "Canadian province";
    if (strcmp(kind, "mexico_state") == 0)
        return "Mexican state";
    if (strcmp(kind, "country") == 0)
        return "country";
    return "special code";
}

const char *code_place_short_name(const struct code_place *p, char *buf, size_t len)
{
    const char *cut = strstr(p->name, " (");
    int n = cut ? (int)(cut - p->name) : (int)strlen(p->name);
    snprintf(buf, len, "%.*s", n, p->name);
    return buf;
}
