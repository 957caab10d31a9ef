/* The kiosk's time zone through ICU's calendar (ucal): offsets, local
 * dates, local time text and wall-clock parsing, independent of the
 * process's TZ. */
#include "core/tz.h"
#include "core/kiosk_err.h"
#include "core/store.h"

#include <stdio.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

/* Opens a Gregorian calendar in zone; NULL for an unknown zone. */
static UCalendar *cal_open(const char *zone)
{
    if (!zone || !zone[0] || strlen(zone) >= TZ_NAME_MAX)
        return NULL;
    UChar uz[TZ_NAME_MAX];
    u_uastrcpy(uz, zone);
    UErrorCode e = U_ZERO_ERROR;
    /* ICU falls back to "Etc/Unknown" (GMT) for a name it does not know:
     * ask for the canonical ID first so a typo is refused, not silently UTC. */
    UChar canon[TZ_NAME_MAX];
    UBool system = 0;
    ucal_getCanonicalTimeZoneID(uz, -1, canon, TZ_NAME_MAX, &system, &e);
    if (U_FAILURE(e) || !system)
        return NULL;
    UCalendar *c = ucal_open(uz, -1, "en_US", UCAL_GREGORIAN, &e);
    if (U_FAILURE(e)) {
        if (c)
            ucal_close(c);
        return NULL;
    }
    return c;
}

bool tz_valid(const char *name)
{
    if (!name || !strchr(name, '/'))
        return false; /* IANA names are Area/Location; refuse "CST", "EST5EDT", "UTC" aliases */
    UCalendar *c = cal_open(name);
    if (!c)
        return false;
    ucal_close(c);
    return true;
}

int tz_offset_ms(const char *zone, kiosk_ms_t t, kiosk_ms_t *offset)
{
    UCalendar *c = cal_open(zone);
    if (!c)
        return KIOSK_ERR_INVALID;
    UErrorCode e = U_ZERO_ERROR;
    ucal_setMillis(c, (UDate)t, &e);
    int32_t z = ucal_get(c, UCAL_ZONE_OFFSET, &e);
    int32_t dst = ucal_get(c, UCAL_DST_OFFSET, &e);
    ucal_close(c);
    if (U_FAILURE(e))
        return KIOSK_ERR_INVALID;
    *offset = (kiosk_ms_t)z + dst;
    return KIOSK_OK;
}

int tz_local_date(const char *zone, kiosk_ms_t t, int *y, int *m, int *d)
{
    kiosk_ms_t off;
    int rc = tz_offset_ms(zone, t, &off);
    if (rc != KIOSK_OK)
        return rc;
    char iso[KIOSK_ISO_LEN];
    clock_format_iso(t + off, iso, sizeof iso);
    if (sscanf(iso, "%4d-%2d-%2d", y, m, d) != 3)
        return KIOSK_ERR_INTERNAL;
    return KIOSK_OK;
}

char *tz_format_local(const char *zone, kiosk_ms_t t, char *buf, size_t len)
{
    if (len)
        buf[0] = '\0';
    if (!t)
        return buf;
    kiosk_ms_t off;
    if (tz_offset_ms(zone, t, &off) != KIOSK_OK) {
        char iso[KIOSK_ISO_LEN];
        snprintf(buf, len, "%s", clock_format_iso(t, iso, sizeof iso));
        return buf;
    }
    char iso[KIOSK_ISO_LEN];
    clock_format_iso(t + off, iso, sizeof iso);
    char abbr[24] = "";
    UCalendar *c = cal_open(zone);
    if (c) {
        UErrorCode e = U_ZERO_ERROR;
        ucal_setMillis(c, (UDate)t, &e);
        int32_t dst = ucal_get(c, UCAL_DST_OFFSET, &e);
        UChar name[32];
        int32_t n = ucal_getTimeZoneDisplayName(c, dst ? UCAL_SHORT_DST : UCAL_SHORT_STANDARD,
                                                "en_US", name, 32, &e);
        if (U_SUCCESS(e) && n > 0 && n < 24)
            u_austrncpy(abbr, name, sizeof abbr - 1);
        ucal_close(c);
    }
    if (!abbr[0] || !strncmp(abbr, "GMT", 3)) {
        long m = (long)(off / KIOSK_MS_PER_MIN);
        snprintf(abbr, sizeof abbr, "UTC%c%02ld:%02ld", m < 0 ? '-' : '+', (m < 0 ? -m : m) / 60,
                 (m < 0 ? -m : m) % 60);
    }
    snprintf(buf, len, "%.10s %.5s %s", iso, iso + 11, abbr);
    return buf;
}

bool tz_iso_has_offset(const char *iso)
{
    if (!iso || strlen(iso) <= 10)
        return false;
    const char *p = iso + 10;
    size_t n = strlen(p);
    if (p[n - 1] == 'Z')
        return true;
    /* an offset follows the time: the last '+' or '-' after the 'T' */
    return strchr(p, '+') != NULL || strchr(p, '-') != NULL;
}

int tz_parse_local(const char *zone, const char *iso, kiosk_ms_t *out)
{
    kiosk_ms_t wall;
    if (clock_parse_iso(iso, &wall) != KIOSK_OK)
        return KIOSK_ERR_INVALID;
    if (tz_iso_has_offset(iso)) {
        *out = wall;
        return KIOSK_OK;
    }
    /* wall is the local time read as if UTC: find t with t + offset(t) = wall.
     * Two rounds settle every transition (a skipped hour maps forward). */
    kiosk_ms_t off;
    if (tz_offset_ms(zone, wall, &off) != KIOSK_OK)
        return KIOSK_ERR_INVALID;
    kiosk_ms_t t = wall - off;
    if (tz_offset_ms(zone, t, &off) != KIOSK_OK)
        return KIOSK_ERR_INVALID;
    t = wall - off;
    *out = t;
    return KIOSK_OK;
}

int tz_store_zone(struct store *st, char *buf, size_t len)
{
    struct store_settings s;
    int rc = store_settings_get(st, &s);
    if (rc != KIOSK_OK)
        return rc;
    snprintf(buf, len, "%s", s.timezone[0] ? s.timezone : TZ_DEFAULT);
    return KIOSK_OK;
}

int tz_store_local_date(struct store *st, kiosk_ms_t t, int *y, int *m, int *d)
{
    char zone[TZ_NAME_MAX];
    int rc = tz_store_zone(st, zone, sizeof zone);
    if (rc != KIOSK_OK)
        return rc;
    return tz_local_date(zone, t, y, m, d);
}
