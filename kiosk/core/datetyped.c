/* Dates typed by people (see datetyped.h). */
#include "core/datetyped.h"

#include "core/aamva.h"
#include "core/kiosk_err.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

int date_typed_parse(const char *s, char iso[11])
{
    int y, m, d;
    iso[0] = '\0';
    if (!s || strlen(s) != 10)
        return KIOSK_ERR_INVALID;
    if (s[4] == '-' && s[7] == '-') {
        if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
            return KIOSK_ERR_INVALID;
    } else if (s[2] == '/' && s[5] == '/') {
        if (!digits(s, 2, &m) || !digits(s + 3, 2, &d) || !digits(s + 6, 4, &y))
            return KIOSK_ERR_INVALID;
    } else {
        return KIOSK_ERR_INVALID;
    }
    if (!aamva_date_valid(y, m, d))
        return KIOSK_ERR_INVALID;
    /* y, m, d are a valid date here: 4, 2 and 2 digits. */
    const int parts[3] = {y, m, d}, widths[3] = {4, 2, 2};
    char *o = iso;
    for (int k = 0; k < 3; k++) {
        for (int w = widths[k] - 1, v = parts[k]; w >= 0; w--, v /= 10)
            o[w] = (char)('0' + v % 10);
        o += widths[k];
        *o++ = k < 2 ? '-' : '\0';
    }
    return 0;
}

const char *date_typed_words(const char *iso, char *out, size_t len)
{
    static const char *const months[12] = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};
    char tmp[11];
    out[0] = '\0';
    if (date_typed_parse(iso, tmp) != 0 || iso[4] != '-')
        return out;
    int y, m, d;
    digits(iso, 4, &y);
    digits(iso + 5, 2, &m);
    digits(iso + 8, 2, &d);
    snprintf(out, len, "%d %s %d", d, months[m - 1], y);
    return out;
}
