/* Searching the NCIC code tables (core/codes.h) the way a deputy types: by
 * code or by words, most commonly booked charges first. Results point into
 * the static tables. */
#ifndef KIOSK_UI_CODE_SEARCH_H
#define KIOSK_UI_CODE_SEARCH_H

#include "core/codes.h"

#include <stdbool.h>

/* Offense codes matching query (code prefix, or every word found in the
 * literal or category, case-insensitive). An empty query gives the common
 * booking charges. Fills up to max entries; returns how many. */
int code_search_offense(const char *query, const struct code_offense **out, int max);

/* Place codes matching query (code, or words of the name). countries_only
 * limits to countries and "US" (nationality); otherwise every place (place
 * of birth). Exact code matches come first. Returns how many. */
int code_search_place(const char *query, bool countries_only, const struct code_place **out,
                      int max);

/* A short label for a place kind ("US state", "country", ...). */
const char *code_place_kind_label(const char *kind);

#endif
