/* The valid-ID decision (see idcheck.h and README "Verdict rules"). */
#include "core/idcheck.h"
#include "core/kiosk_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const reason_names[] = {
    NULL,
    "UNSUPPORTED_FORMAT",
    "UNKNOWN_ISSUER",
    "MISSING_DATA",
    "IMPOSSIBLE_DATE",
    "EXPIRED",
    "NOT_YET_ISSUED",
    "IMPLAUSIBLE_AGE",
    "NOT_REAL_ID",
    "LIMITED_DURATION",
    "FOREIGN_ISSUER",
};

const char *idcheck_country_name(const char *alpha3)
{
    if (!alpha3)
        return "";
    if (!strcmp(alpha3, "CAN"))
        return "Canada";
    if (!strcmp(alpha3, "MEX"))
        return "Mexico";
    if (!strcmp(alpha3, "USA"))
        return "United States";
    return alpha3;
}

const char *idcheck_reason_name(int code)
{
    if (code < 1 || code >= (int)(sizeof reason_names / sizeof reason_names[0]))
        return NULL;
    return reason_names[code];
}

void idcheck_config_init(struct idcheck_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
}

int idcheck_parse_iso_date(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return KIOSK_ERR_INVALID;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return KIOSK_ERR_INVALID;
    int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int mm = (s[5] - '0') * 10 + (s[6] - '0');
    int dd = (s[8] - '0') * 10 + (s[9] - '0');
    if (!aamva_date_valid(yy, mm, dd))
        return KIOSK_ERR_INVALID;
    *y = yy;
    *m = mm;
    *d = dd;
    return 0;
}

static void add(struct idcheck_verdict *v, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(struct idcheck_verdict *v, int code, const char *fmt, ...)
{
    if (v->count >= IDCHECK_MAX_REASONS)
        return;
    struct idcheck_item *it = &v->reasons[v->count++];
    it->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
}

static int date_ok(const struct aamva_date *d)
{
    return d->state == AAMVA_DATE_OK || d->state == AAMVA_DATE_FALLBACK;
}

static long days(const struct aamva_date *d)
{
    return aamva_days_from_civil(d->year, d->month, d->day);
}

/* Whole years from birth to the booking date. */
static int age_on(const struct aamva_date *b, int y, int m, int d)
{
    int age = y - b->year;
    if (m < b->month || (m == b->month && d < b->day))
        age--;
    return age;
}

bool idcheck_is_expired(int ey, int em, int ed, int y, int m, int d,
                        const struct idcheck_config *cfg)
{
    int grace = cfg ? cfg->grace_days : 0;
    return aamva_days_from_civil(ey, em, ed) + grace < aamva_days_from_civil(y, m, d);
}

int idcheck_evaluate(const struct aamva_doc *doc, int y, int m, int d,
                     const struct idcheck_config *cfg, struct idcheck_verdict *out)
{
    struct idcheck_config defaults;
    memset(out, 0, sizeof *out);
    if (!cfg) {
        idcheck_config_init(&defaults);
        cfg = &defaults;
    }
    if (!aamva_date_valid(y, m, d))
        return KIOSK_ERR_INVALID;
    /* y, m, d are valid here: 4, 2 and 2 digits */
    const int parts[3] = {y, m, d};
    const int widths[3] = {4, 2, 2};
    char *o = out->as_of;
    for (int k = 0; k < 3; k++) {
        for (int w = widths[k] - 1, v = parts[k]; w >= 0; w--, v /= 10)
            o[w] = (char)('0' + v % 10);
        o += widths[k];
        *o++ = k < 2 ? '-' : '\0';
    }
    long today = aamva_days_from_civil(y, m, d);
    char iso[11], iso2[11];

    if (!doc || doc->format == AAMVA_FORMAT_NONE) {
        add(out, IDCHECK_UNSUPPORTED_FORMAT, "%s",
            doc && doc->refusal_message[0] ? doc->refusal_message
                                           : "not a readable licence or ID card barcode");
        return 0;
    }
    if (!doc->issuer)
        add(out, IDCHECK_UNKNOWN_ISSUER, "issuer number %s is not a known licence issuer",
            doc->iin[0] ? doc->iin : "(none)");
    else if (strcmp(doc->issuer->country, "USA") != 0) {
        /* The policy's "valid Federal or State government identification"
         * is a US federal or US state/territory document. */
        add(out, IDCHECK_FOREIGN_ISSUER, "issued by %s, %s: not a US federal or state ID",
            doc->issuer->name, idcheck_country_name(doc->issuer->country));
        out->ask_nationality = true;
    } else if (!strcmp(doc->issuer->iin, IDCHECK_IIN_FOREIGN_MISSIONS)) {
        snprintf(out->notice, sizeof out->notice,
                 "US State Department licence for a member of a foreign mission: valid federal "
                 "ID; the person may have diplomatic or consular immunity: notify a supervisor");
        out->ask_nationality = true;
    }

    /* Mandatory for every version: number, name, birth and expiry dates. */
    if (!doc->document_number[0])
        add(out, IDCHECK_MISSING_DATA, "no document number (DAQ)");
    if (!doc->family_name[0])
        add(out, IDCHECK_MISSING_DATA, "no family name");
    if (!doc->first_name[0])
        add(out, IDCHECK_MISSING_DATA, "no first name");
    if (doc->dob.state == AAMVA_DATE_ABSENT)
        add(out, IDCHECK_MISSING_DATA, "no date of birth (DBB)");
    if (doc->expires.state == AAMVA_DATE_ABSENT)
        add(out, IDCHECK_MISSING_DATA, "no expiry date (DBA)");

    if (doc->dob.state == AAMVA_DATE_IMPOSSIBLE)
        add(out, IDCHECK_IMPOSSIBLE_DATE, "the date of birth is not a real date");
    if (doc->expires.state == AAMVA_DATE_IMPOSSIBLE)
        add(out, IDCHECK_IMPOSSIBLE_DATE, "the expiry date is not a real date");
    if (doc->issued.state == AAMVA_DATE_IMPOSSIBLE)
        add(out, IDCHECK_IMPOSSIBLE_DATE, "the issue date is not a real date");

    if (date_ok(&doc->dob) && date_ok(&doc->issued) && days(&doc->dob) >= days(&doc->issued))
        add(out, IDCHECK_IMPOSSIBLE_DATE, "born on %s, not before the issue date %s",
            aamva_date_iso(&doc->dob, iso), aamva_date_iso(&doc->issued, iso2));
    if (date_ok(&doc->issued) && date_ok(&doc->expires) && days(&doc->issued) > days(&doc->expires))
        add(out, IDCHECK_IMPOSSIBLE_DATE, "issued on %s, after its expiry date %s",
            aamva_date_iso(&doc->issued, iso), aamva_date_iso(&doc->expires, iso2));

    if (date_ok(&doc->expires) &&
        idcheck_is_expired(doc->expires.year, doc->expires.month, doc->expires.day, y, m, d, cfg)) {
        if (cfg->grace_days > 0)
            add(out, IDCHECK_EXPIRED, "expired on %s (grace period of %d days is over)",
                aamva_date_iso(&doc->expires, iso), cfg->grace_days);
        else
            add(out, IDCHECK_EXPIRED, "expired on %s", aamva_date_iso(&doc->expires, iso));
    }
    if (date_ok(&doc->issued) && days(&doc->issued) > today)
        add(out, IDCHECK_NOT_YET_ISSUED, "issued on %s, after %s",
            aamva_date_iso(&doc->issued, iso), out->as_of);
    if (date_ok(&doc->dob)) {
        int age = age_on(&doc->dob, y, m, d);
        if (days(&doc->dob) > today)
            add(out, IDCHECK_IMPLAUSIBLE_AGE, "born on %s, after %s",
                aamva_date_iso(&doc->dob, iso), out->as_of);
        else if (age > 120)
            add(out, IDCHECK_IMPLAUSIBLE_AGE, "born on %s: %d years old",
                aamva_date_iso(&doc->dob, iso), age);
    }
    if (cfg->require_real_id && doc->real_id[0] != 'F' && doc->real_id[0] != 'M')
        add(out, IDCHECK_NOT_REAL_ID, "not marked REAL ID compliant (DDA %s)",
            doc->real_id[0] ? doc->real_id : "absent");
    if (cfg->reject_limited_duration && doc->limited_duration == 1)
        add(out, IDCHECK_LIMITED_DURATION, "a limited-duration document (DDD 1)");
    out->valid = out->count == 0;
    return 0;
}
