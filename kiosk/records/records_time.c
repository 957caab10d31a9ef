/* Days and weeks for the records: local midnights from "YYYY-MM-DD" and the
 * Monday a week starts on. Local means the process's time zone (TZ) until the
 * kiosk has a time-zone setting; everything else goes through here. */
#include "records/records.h"
#include "core/kiosk_err.h"

#include <string.h>
#include <time.h>

int records_parse_day(const char *s, bool end_of_day, kiosk_ms_t *out)
{
    kiosk_ms_t t;
    if (!s || clock_parse_iso(s, &t) != KIOSK_OK)
        return KIOSK_ERR_INVALID;
    if (strlen(s) != 10) {
        *out = t; /* a full time, as given */
        return KIOSK_OK;
    }
    struct tm tm = {0};
    tm.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0') - 1900;
    tm.tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
    tm.tm_mday = (s[8] - '0') * 10 + (s[9] - '0') + (end_of_day ? 1 : 0);
    tm.tm_isdst = -1;
    time_t local = mktime(&tm);
    if (local == (time_t)-1)
        return KIOSK_ERR_INVALID;
    *out = (kiosk_ms_t)local * 1000;
    return KIOSK_OK;
}

kiosk_ms_t records_week_start(kiosk_ms_t t)
{
    time_t secs = (time_t)(t / 1000);
    struct tm tm;
    localtime_r(&secs, &tm);
    int back = (tm.tm_wday + 6) % 7; /* days since Monday */
    tm.tm_mday -= back;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (kiosk_ms_t)mktime(&tm) * 1000;
}
