/* The kiosk's time zone (setting `timezone`, an IANA name, default
 * America/Chicago): the local date that decides "today" for document expiry,
 * the local time shown beside every date, and reading a time typed without
 * an offset. The machine's own TZ never matters: zone rules come from ICU
 * (libicu), not from the process environment. */
#ifndef KIOSK_TZ_H
#define KIOSK_TZ_H

#include "core/clock.h"

#include <stdbool.h>
#include <stddef.h>

struct store;

#define TZ_DEFAULT  "America/Chicago"
#define TZ_NAME_MAX 64

/* True when name is a known IANA zone ID (e.g. "America/Chicago"); "" and
 * abbreviations such as "CST" are refused. */
bool tz_valid(const char *name);

/* The zone's offset from UTC at instant t, in milliseconds (CST: -6 h).
 * 0 or KIOSK_ERR_INVALID for an unknown zone. */
int tz_offset_ms(const char *zone, kiosk_ms_t t, kiosk_ms_t *offset);

/* The local calendar date of instant t in zone. 0 or KIOSK_ERR_INVALID. */
int tz_local_date(const char *zone, kiosk_ms_t t, int *y, int *m, int *d);

/* Writes t as local time "YYYY-MM-DD hh:mm ZZZ" (ZZZ the zone's short name
 * at that instant, e.g. CST or CDT; "UTC-06:00" when ICU has no short name)
 * into buf (TZ_LOCAL_LEN bytes). Returns buf ("" for t == 0). */
#define TZ_LOCAL_LEN 48
char *tz_format_local(const char *zone, kiosk_ms_t t, char *buf, size_t len);

/* Parses ISO 8601 text: with "Z" or an offset it is taken as given; without
 * one ("2026-12-01T20:00", "2026-12-01") it is a wall-clock time in zone.
 * 0 or KIOSK_ERR_INVALID. */
int tz_parse_local(const char *zone, const char *iso, kiosk_ms_t *out);

/* True when iso carries "Z" or a "+hh:mm"/"-hh:mm" offset after its time. */
bool tz_iso_has_offset(const char *iso);

/* The configured zone of st (setting timezone) into buf (TZ_NAME_MAX bytes);
 * the default when unset. 0 or a store error. */
int tz_store_zone(struct store *st, char *buf, size_t len);

/* The local date of instant t in st's configured zone. */
int tz_store_local_date(struct store *st, kiosk_ms_t t, int *y, int *m, int *d);

#endif
