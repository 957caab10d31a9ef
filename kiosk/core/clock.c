/* The clock seam and ISO 8601 text with hundredths of a second (UTC). */
#include "core/clock.h"
#include "core/kiosk_err.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static kiosk_ms_t clock_system_now(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (kiosk_ms_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static kiosk_ms_t clock_fixed_now(void *ctx)
{
    return *(const kiosk_ms_t *)ctx;
}

struct kiosk_clock clock_system(void)
{
    return (struct kiosk_clock){.now = clock_system_now, .ctx = NULL};
}

struct kiosk_clock clock_fixed(const kiosk_ms_t *t)
{
    return (struct kiosk_clock){.now = clock_fixed_now, .ctx = (void *)(uintptr_t)t};
}

kiosk_ms_t clock_now(const struct kiosk_clock *c)
{
    if (!c || !c->now)
        return clock_system_now(NULL);
    return c->now(c->ctx);
}

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil algorithm, a published fact about the calendar). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *yy, int *mm, int *dd)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    *yy = (int)(y + (m <= 2));
    *mm = (int)m;
    *dd = (int)d;
}

char *clock_format_iso(kiosk_ms_t t, char *buf, size_t len)
{
    int64_t days = t / KIOSK_MS_PER_DAY;
    int64_t rem = t % KIOSK_MS_PER_DAY;
    if (rem < 0) {
        rem += KIOSK_MS_PER_DAY;
        days--;
    }
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    int h = (int)(rem / 3600000), mi = (int)(rem / 60000 % 60), s = (int)(rem / 1000 % 60);
    int cs = (int)(rem % 1000 / 10);
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%02dZ", y, m, d, h, mi, s, cs);
    return buf;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int clock_parse_iso(const char *s, kiosk_ms_t *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0, ms = 0;
    if (!s || strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
        s[7] != '-' || digits(s + 8, 2, &d))
        return KIOSK_ERR_INVALID;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return KIOSK_ERR_INVALID;
    const char *p = s + 10;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (digits(p, 2, &h) || p[2] != ':' || digits(p + 3, 2, &mi))
            return KIOSK_ERR_INVALID;
        p += 5;
        if (*p == ':') {
            if (digits(p + 1, 2, &se))
                return KIOSK_ERR_INVALID;
            p += 3;
            if (*p == '.' || *p == ',') {
                p++;
                int scale = 100, n = 0;
                while (isdigit((unsigned char)*p)) {
                    if (scale > 0)
                        ms += (*p - '0') * scale;
                    scale /= 10;
                    p++;
                    n++;
                }
                if (n == 0)
                    return KIOSK_ERR_INVALID;
            }
        }
        if (h > 23 || mi > 59 || se > 60)
            return KIOSK_ERR_INVALID;
    }
    int64_t offset_min = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        int sign = *p == '-' ? -1 : 1;
        if (digits(p + 1, 2, &oh))
            return KIOSK_ERR_INVALID;
        const char *q = p + 3;
        if (*q == ':')
            q++;
        if (digits(q, 2, &om) || oh > 23 || om > 59)
            return KIOSK_ERR_INVALID;
        offset_min = sign * (oh * 60 + om);
        p = q + 2;
    }
    if (*p != '\0')
        return KIOSK_ERR_INVALID;
    int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    *out = days * KIOSK_MS_PER_DAY + (int64_t)h * 3600000 + (int64_t)mi * 60000 +
           (int64_t)se * 1000 + ms - offset_min * 60000;
    return KIOSK_OK;
}
