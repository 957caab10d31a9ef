/* Searching the NCIC code tables (core/codes.h) the way a deputy types: by
 * code or by words, most commonly booked charges first. Results point into
 * the static tables. */
#ifndef KIOSK_UI_CODE_SEARCH_H
#define KIOSK_UI_CODE_SEARCH_H

#include "core/codes.h"

#include <stdbool.h>
#include <stddef.h>

/* Offense codes matching query (code prefix, or every word found in the
 * literal or category, case-insensitive). An empty query gives the common
 * booking charges. Fills up to max entries; returns how many. */
int code_search_offense(const char *query, const struct code_offense **out, int max);

/* Place codes matching query (code, or words of the name). countries_only
 * limits to countries and "US" (nationality); otherwise every place (place
 * of birth). Exact code matches come first. Returns how many. */
int code_search_place(const char *query, bool countries_only, const struct code_place **out,
                      int max);

/* The place's name as people read it: the NCIC name without its
 * parenthesised coding note ("MEXICO (SEE SEPARATE LIST ...)" -> "MEXICO").
 * Writes into buf (always terminated) and returns it. */
const char *code_place_short_name(const struct code_place *p, char *buf, size_t len);

/* A short label for a place kind ("US state", "country", ...). */
const char *code_place_kind_label(const char *kind);

#endif
