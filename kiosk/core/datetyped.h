/* Dates typed by people: the US form MM/DD/YYYY and the ISO form
 * YYYY-MM-DD, each only in full, so a date is never read one way when it
 * was meant the other. */
#ifndef KIOSK_DATETYPED_H
#define KIOSK_DATETYPED_H

#include <stddef.h>

/* Reads s as MM/DD/YYYY or YYYY-MM-DD (two-digit month and day, four-digit
 * year, a real calendar date) into iso ("YYYY-MM-DD", 11 bytes). 0, or
 * KIOSK_ERR_INVALID for anything else (partial, 8 digits without
 * separators, two-digit years, impossible dates); iso is then "". */
int date_typed_parse(const char *s, char iso[11]);

/* Writes the ISO date iso in words ("10 March 1990") into out; "" when iso
 * is not a date. Returns out. */
const char *date_typed_words(const char *iso, char *out, size_t len);

#endif
