/* Days and weeks for the records: local midnights from "YYYY-MM-DD" and the
 * Monday a week starts on, in the store's configured zone (setting
 * `timezone`, core/tz.h), never the process's TZ. Calendar arithmetic is on
 * civil day numbers; only the midnight of a date goes through the zone. */
#include "records/records.h"
#include "core/kiosk_err.h"
#include "core/tz.h"

#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date of day number z (inverse of days_from_civil). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Local midnight in zone of civil day number z. */
static int midnight_of(const char *zone, int64_t z, kiosk_ms_t *out)
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    return tz_parse_local(zone, iso, out);
}

/* The civil day number of the local date of t in zone. */
static int local_day(const char *zone, kiosk_ms_t t, int64_t *z)
{
    int y, m, d;
    int rc = tz_local_date(zone, t, &y, &m, &d);
    if (rc == KIOSK_OK)
        *z = days_from_civil(y, m, d);
    return rc;
}

int records_parse_day(const char *zone, const char *s, bool end_of_day, kiosk_ms_t *out)
{
    kiosk_ms_t t;
    if (!s || clock_parse_iso(s, &t) != KIOSK_OK)
        return KIOSK_ERR_INVALID;
    if (strlen(s) != 10) /* a full time: with an offset as given, else wall clock in zone */
        return tz_parse_local(zone, s, out);
    int y = 0, m = 0, d = 0;
    if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return KIOSK_ERR_INVALID;
    return midnight_of(zone, days_from_civil(y, m, d) + (end_of_day ? 1 : 0), out);
}

int records_day_start(const char *zone, kiosk_ms_t t, int add_days, kiosk_ms_t *out)
{
    int64_t z;
    int rc = local_day(zone, t, &z);
    return rc == KIOSK_OK ? midnight_of(zone, z + add_days, out) : rc;
}

kiosk_ms_t records_week_start(const char *zone, kiosk_ms_t t)
{
    int64_t z;
    kiosk_ms_t out = 0;
    if (local_day(zone, t, &z) != KIOSK_OK)
        return 0;
    int64_t back = ((z + 3) % 7 + 7) % 7; /* days since Monday (1970-01-01 was a Thursday) */
    if (midnight_of(zone, z - back, &out) != KIOSK_OK)
        return 0;
    return out;
}

/* Local wall-clock time hh:00 of civil day number z in zone. */
static int hour_of(const char *zone, int64_t z, int hour, kiosk_ms_t *out)
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    char iso[40];
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:00:00", y, m, d, hour);
    return tz_parse_local(zone, iso, out);
}

int records_shift_bounds(const char *zone, kiosk_ms_t t, int back, kiosk_ms_t *from, kiosk_ms_t *to)
{
    if (back < 0 || back > 1)
        return KIOSK_ERR_INVALID;
    int64_t z;
    int rc = local_day(zone, t, &z);
    /* the shift starts of yesterday, today and tomorrow, in order */
    kiosk_ms_t b[6];
    for (int i = 0; rc == KIOSK_OK && i < 6; i++)
        rc = hour_of(zone, z - 1 + i / 2,
                     i % 2 ? RECORDS_SHIFT_NIGHT_START_HOUR : RECORDS_SHIFT_DAY_START_HOUR, &b[i]);
    if (rc != KIOSK_OK)
        return rc;
    int i = 1; /* t is after yesterday's night shift began */
    while (i < 4 && b[i + 1] <= t)
        i++;
    *from = b[i - back];
    *to = b[i + 1 - back];
    return KIOSK_OK;
}
