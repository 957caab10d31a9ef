/* IAQ field rules (NCIC name form, DOB, sex, POB, offense, nationality,
 * optional identifiers) and the IAQ text in Nlets/MULES field order. */
#include "core/iaq.h"
#include "core/codes.h"
#include "core/kiosk_err.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void iaq_problem_add(struct iaq_problems *p, const char *field, const char *fmt, ...)
{
    if (!p || p->count >= IAQ_MAX_PROBLEMS)
        return;
    struct iaq_problem *it = &p->items[p->count++];
    snprintf(it->field, sizeof it->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
}

/* ASCII forms of U+00C0..U+00FF ("" = no NCIC form). */
static const char *const latin1[64] = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "SS",
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "Y"};

/* ASCII forms of U+0100..U+017F (Latin Extended-A), by code point ranges. */
static const char *latin_ext_a(unsigned cp)
{
    static const struct {
        unsigned lo, hi;
        const char *s;
    } r[] = {
        {0x100, 0x105, "A"}, {0x106, 0x10D, "C"},  {0x10E, 0x111, "D"}, {0x112, 0x11B, "E"},
        {0x11C, 0x123, "G"}, {0x124, 0x127, "H"},  {0x128, 0x131, "I"}, {0x132, 0x133, "IJ"},
        {0x134, 0x135, "J"}, {0x136, 0x138, "K"},  {0x139, 0x142, "L"}, {0x143, 0x14B, "N"},
        {0x14C, 0x151, "O"}, {0x152, 0x153, "OE"}, {0x154, 0x159, "R"}, {0x15A, 0x161, "S"},
        {0x162, 0x167, "T"}, {0x168, 0x173, "U"},  {0x174, 0x175, "W"}, {0x176, 0x178, "Y"},
        {0x179, 0x17E, "Z"}, {0x17F, 0x17F, "S"},
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return r[i].s;
    return "";
}

/* ASCII forms of the Vietnamese letters of Latin Extended Additional
 * (U+1EA0..U+1EF9: Ạ..ỹ, e.g. ễ -> E) and of Ơ, ơ, Ư, ư. */
static const char *vietnamese(unsigned cp)
{
    static const struct {
        unsigned lo, hi;
        const char *s;
    } r[] = {
        {0x1EA0, 0x1EB7, "A"}, {0x1EB8, 0x1EC7, "E"}, {0x1EC8, 0x1ECB, "I"}, {0x1ECC, 0x1EE3, "O"},
        {0x1EE4, 0x1EF1, "U"}, {0x1EF2, 0x1EF9, "Y"}, {0x01A0, 0x01A1, "O"}, {0x01AF, 0x01B0, "U"},
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return r[i].s;
    return NULL;
}

/* The ASCII form of a non-ASCII Latin letter (upper case), "" for a
 * combining accent (U+0300..U+036F: the base letter before it already went
 * in, so "N" + U+0303 is N), NULL when there is none. */
static const char *translit_cp(unsigned cp)
{
    if (cp >= 0x300 && cp <= 0x36F)
        return "";
    if (cp >= 0xC0 && cp <= 0xFF)
        return latin1[cp - 0xC0][0] ? latin1[cp - 0xC0] : NULL;
    if (cp >= 0x100 && cp <= 0x17F) {
        const char *s = latin_ext_a(cp);
        return s[0] ? s : NULL;
    }
    return vietnamese(cp);
}

/* Decodes one UTF-8 sequence at s; returns its length (0 on a bad sequence). */
static int utf8_decode(const unsigned char *s, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *cp = ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return *cp >= 0x80 ? 2 : 0;
    }
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return *cp >= 0x800 ? 3 : 0;
    }
    if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80) {
        *cp = ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) |
              ((unsigned)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return *cp >= 0x10000 && *cp <= 0x10FFFF ? 4 : 0;
    }
    return 0;
}

/* Like iaq_ncic_text; on failure *bad gets the offending character (as typed). */
static int ncic_text(const char *in, char *out, size_t out_len, char *bad, size_t bad_len)
{
    size_t o = 0;
    int rc = KIOSK_OK;
    bool space = true; /* drop leading spaces */
    if (bad_len)
        bad[0] = '\0';
    const unsigned char *s = (const unsigned char *)in;
    while (*s) {
        unsigned cp;
        int n = utf8_decode(s, &cp);
        if (n == 0) {
            if (rc == KIOSK_OK && bad_len)
                snprintf(bad, bad_len, "byte 0x%02X", *s);
            rc = KIOSK_ERR_INVALID;
            s++;
            continue;
        }
        const char *rep = NULL;
        char one[2] = {0, 0};
        if (cp < 0x80) {
            if (isalpha((int)cp)) {
                one[0] = (char)toupper((int)cp);
                rep = one;
            } else if (cp == ' ' || cp == '\t') {
                rep = " ";
            } else if (cp == '-') {
                rep = "-";
            } else if (cp == '\'' || cp == '.') {
                rep = ""; /* dropped: O'BRIEN -> OBRIEN */
            }
        } else if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) {
            rep = ""; /* typographic apostrophes */
        } else if (cp == 0x2010 || cp == 0x2011) {
            rep = "-";
        } else {
            rep = translit_cp(cp);
        }
        if (!rep) {
            if (rc == KIOSK_OK && bad_len) {
                if (cp >= 0x20 && cp != 0x7F)
                    snprintf(bad, bad_len, "'%.*s'", n, (const char *)s);
                else
                    snprintf(bad, bad_len, "control character 0x%02X", cp);
            }
            rc = KIOSK_ERR_INVALID;
            s += n;
            continue;
        }
        for (const char *r = rep; *r; r++) {
            if (*r == ' ') {
                if (space)
                    continue;
                space = true;
            } else {
                space = false;
            }
            if (o + 1 < out_len)
                out[o++] = *r;
        }
        s += n;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    if (out_len)
        out[o] = '\0';
    return rc;
}

int iaq_ncic_text(const char *in, char *out, size_t out_len)
{
    return ncic_text(in ? in : "", out, out_len, NULL, 0);
}

/* True when the non-ASCII Latin letter cp is lower case (so "José" stays
 * "Jose" in a field that keeps case). */
static bool lower_cp(unsigned cp)
{
    if (cp >= 0xC0 && cp <= 0xFF)
        return cp >= 0xDF;
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
            return true;
        if (cp == 0x178)
            return false;
        bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        return odd_upper ? (cp % 2 == 0) : (cp % 2 == 1);
    }
    if (cp == 0x1A1 || cp == 0x1B0)
        return true;
    if (cp >= 0x1EA0 && cp <= 0x1EF9)
        return cp % 2 == 1;
    return false;
}

int iaq_translit(const char *in, char *out, size_t out_len, char *bad, size_t bad_len)
{
    size_t o = 0;
    int rc = KIOSK_OK;
    if (bad_len)
        bad[0] = '\0';
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    while (*s) {
        unsigned cp;
        int n = utf8_decode(s, &cp);
        const char *rep = NULL;
        char one[2] = {0, 0};
        if (n > 0 && cp < 0x80) {
            one[0] = (char)cp;
            rep = one;
        } else if (n > 0 && (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)) {
            rep = "'";
        } else if (n > 0 && (cp == 0x2010 || cp == 0x2011)) {
            rep = "-";
        } else if (n > 0) {
            rep = translit_cp(cp);
        }
        if (!rep) {
            if (rc == KIOSK_OK && bad_len) {
                if (n > 0)
                    snprintf(bad, bad_len, "%.*s", n, (const char *)s);
                else
                    snprintf(bad, bad_len, "byte 0x%02X", *s);
            }
            rc = KIOSK_ERR_INVALID;
            s += n > 0 ? n : 1;
            continue;
        }
        bool lower = cp >= 0x80 && lower_cp(cp);
        for (const char *r = rep; *r; r++)
            if (o + 1 < out_len)
                out[o++] = lower ? (char)tolower((unsigned char)*r) : *r;
        s += n;
    }
    if (out_len)
        out[o] = '\0';
    return rc;
}

static void build_name(const char *last, const char *first, const char *middle, const char *suffix,
                       char *out, size_t out_len)
{
    snprintf(out, out_len, "%s,%s%s%s%s%s", last, first, middle[0] ? " " : "", middle,
             suffix[0] ? " " : "", suffix);
}

int iaq_format_name(const struct iaq_fields *f, char *out, size_t out_len)
{
    char last[IAQ_TEXT_MAX], first[IAQ_TEXT_MAX], middle[IAQ_TEXT_MAX], suffix[8];
    char buf[4 * IAQ_TEXT_MAX];
    int rc = KIOSK_OK;
    rc |= ncic_text(f->family_name, last, sizeof last, NULL, 0);
    rc |= ncic_text(f->first_name, first, sizeof first, NULL, 0);
    rc |= ncic_text(f->middle_names, middle, sizeof middle, NULL, 0);
    rc |= ncic_text(f->suffix, suffix, sizeof suffix, NULL, 0);
    if (out_len)
        out[0] = '\0';
    if (rc != KIOSK_OK || !last[0])
        return KIOSK_ERR_INVALID;
    build_name(last, first, middle, suffix, buf, sizeof buf);
    if (strlen(buf) > 30 && middle[0]) {
        /* Middle names to initials: "QUINCY ADAMS" -> "Q A". */
        char init[IAQ_TEXT_MAX];
        size_t o = 0;
        bool start = true;
        for (const char *m = middle; *m; m++) {
            if (*m == ' ') {
                start = true;
            } else if (start) {
                if (o)
                    init[o++] = ' ';
                init[o++] = *m;
                start = false;
            }
        }
        init[o] = '\0';
        snprintf(middle, sizeof middle, "%s", init);
        build_name(last, first, middle, suffix, buf, sizeof buf);
    }
    if (strlen(buf) > 30) {
        middle[0] = '\0';
        build_name(last, first, middle, suffix, buf, sizeof buf);
    }
    if (strlen(buf) > 30) {
        /* Cut the first name, keep surname and suffix. */
        size_t fixed = strlen(last) + 1 + (suffix[0] ? strlen(suffix) + 1 : 0);
        size_t room = fixed < 30 ? 30 - fixed : 0;
        if (strlen(first) > room)
            first[room] = '\0';
        while (room && first[0] && first[strlen(first) - 1] == ' ')
            first[strlen(first) - 1] = '\0';
        build_name(last, first, middle, suffix, buf, sizeof buf);
    }
    buf[30] = '\0'; /* a surname longer than 29 characters is cut last */
    snprintf(out, out_len, "%s", buf);
    return KIOSK_OK;
}

const char *iaq_sex_code(const char *s, bool *mapped)
{
    if (mapped)
        *mapped = false;
    if (!s || !s[0] || s[1])
        return NULL;
    switch (toupper((unsigned char)s[0])) {
    case 'M':
        return "M";
    case 'F':
        return "F";
    case 'U':
        return "U";
    case '1':
        if (mapped)
            *mapped = true;
        return "M";
    case '2':
        if (mapped)
            *mapped = true;
        return "F";
    case '9':
    case 'X':
        if (mapped)
            *mapped = true;
        return "U";
    default:
        return NULL;
    }
}

int iaq_dob_ccyymmdd(const char *dob, char out[9])
{
    char iso[11];
    size_t n = dob ? strlen(dob) : 0;
    if (n == 8) {
        for (int i = 0; i < 8; i++)
            if (!isdigit((unsigned char)dob[i]))
                return KIOSK_ERR_INVALID;
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", dob, dob + 4, dob + 6);
    } else if (n == 10 && dob[4] == '-' && dob[7] == '-') {
        memcpy(iso, dob, 10);
        iso[10] = '\0';
    } else {
        return KIOSK_ERR_INVALID;
    }
    kiosk_ms_t t;
    if (clock_parse_iso(iso, &t) != KIOSK_OK)
        return KIOSK_ERR_INVALID;
    snprintf(out, 9, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
    return KIOSK_OK;
}

static void check_name_part(const char *field, const char *label, const char *value, bool required,
                            struct iaq_problems *p)
{
    char out[IAQ_TEXT_MAX], bad[32];
    if (!value[0]) {
        if (required)
            iaq_problem_add(p, field, "%s is required", label);
        return;
    }
    if (strlen(value) >= IAQ_TEXT_MAX - 1) {
        iaq_problem_add(p, field, "%s is too long (at most %d bytes)", label, IAQ_TEXT_MAX - 2);
        return;
    }
    if (ncic_text(value, out, sizeof out, bad, sizeof bad) != KIOSK_OK) {
        iaq_problem_add(p, field,
                        "%s has %s, which NCIC does not allow (letters, space and hyphen only)",
                        label, bad);
        return;
    }
    if (!out[0] || strspn(out, "- ") == strlen(out)) {
        iaq_problem_add(p, field, "%s has no letters", label);
    }
}

static bool all_alnum(const char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s))
            return false;
    return true;
}

static void check_dob(const struct iaq_fields *f, kiosk_ms_t today, struct iaq_problems *p)
{
    char d8[9];
    if (!f->dob[0]) {
        iaq_problem_add(p, "dob", "date of birth is required");
        return;
    }
    if (iaq_dob_ccyymmdd(f->dob, d8) != KIOSK_OK) {
        iaq_problem_add(p, "dob", "date of birth must be a real date as CCYYMMDD or YYYY-MM-DD");
        return;
    }
    char iso[11];
    snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", d8, d8 + 4, d8 + 6);
    kiosk_ms_t t;
    clock_parse_iso(iso, &t);
    if (t > today) {
        iaq_problem_add(p, "dob", "date of birth is in the future");
        return;
    }
    char now_iso[KIOSK_ISO_LEN];
    clock_format_iso(today, now_iso, sizeof now_iso);
    int ty, tm, td, by, bm, bd;
    sscanf(now_iso, "%d-%d-%d", &ty, &tm, &td);
    sscanf(iso, "%d-%d-%d", &by, &bm, &bd);
    int age = ty - by - ((tm < bm || (tm == bm && td < bd)) ? 1 : 0);
    if (age > 120)
        iaq_problem_add(p, "dob", "date of birth gives an age of %d years; check the year", age);
    else if (age < 10)
        iaq_problem_add(p, "dob",
                        "date of birth gives an age of %d years; a person presented for "
                        "incarceration is older, check the year",
                        age);
}

int iaq_validate(const struct iaq_fields *f, kiosk_ms_t today, struct iaq_problems *p)
{
    int before = p->count;
    check_name_part("family_name", "family name", f->family_name, true, p);
    check_name_part("first_name", "first name", f->first_name, false, p);
    check_name_part("middle_names", "middle names", f->middle_names, false, p);
    if (f->suffix[0]) {
        static const char *const ok[] = {"JR", "SR", "I", "II", "III", "IV", "V", "VI", NULL};
        char s[8];
        ncic_text(f->suffix, s, sizeof s, NULL, 0);
        bool found = false;
        for (int i = 0; ok[i]; i++)
            found |= strcmp(s, ok[i]) == 0;
        if (!found)
            iaq_problem_add(p, "suffix", "suffix must be one of JR, SR, I, II, III, IV, V, VI");
    }
    check_dob(f, today, p);
    if (!f->sex[0])
        iaq_problem_add(p, "sex", "sex is required (M, F or U)");
    else if (!iaq_sex_code(f->sex, NULL))
        iaq_problem_add(p, "sex", "sex must be M, F or U (licence codes 1, 2, 9, X are mapped)");
    if (!f->pob[0]) {
        iaq_problem_add(p, "pob", "place of birth is required (2-letter NCIC code)");
    } else if (strlen(f->pob) != 2 || !codes_place_find(f->pob)) {
        iaq_problem_add(p, "pob", "place of birth '%.3s' is not an NCIC state or country code",
                        f->pob);
    }
    if (!f->offense[0]) {
        iaq_problem_add(p, "offense", "offense code is required (use 0399 when none fits)");
    } else {
        const struct code_offense *o =
            strlen(f->offense) == 4 ? codes_offense_find(f->offense) : NULL;
        if (!o)
            iaq_problem_add(p, "offense", "offense '%.8s' is not an NCIC offense code", f->offense);
        else if (strstr(o->literal, "DO NOT USE"))
            iaq_problem_add(p, "offense", "offense code %s is retired (%s)", o->code, o->literal);
    }
    check_name_part("mother_maiden_name", "mother's maiden name", f->mother_maiden_name, false, p);
    check_name_part("father_last_name", "father's last name", f->father_last_name, false, p);
    for (int i = 0; i < IAQ_NATIONALITY_MAX && f->nationality[i][0]; i++) {
        const char *c = f->nationality[i];
        const struct code_place *pl = strlen(c) == 2 ? codes_place_find(c) : NULL;
        if (!pl)
            iaq_problem_add(p, "nationality", "nationality '%.3s' is not an NCIC country code", c);
        else if (strcmp(pl->kind, "country") != 0 && strcmp(c, "US") != 0)
            iaq_problem_add(p, "nationality",
                            "nationality '%s' is a state or province (%s); use a country code "
                            "such as US, CD or MM",
                            c, pl->name);
        for (int j = 0; j < i; j++)
            if (strcmp(f->nationality[j], c) == 0)
                iaq_problem_add(p, "nationality", "nationality '%s' is listed twice", c);
    }
    if (f->licence_number[0]) {
        size_t n = strlen(f->licence_number);
        bool ok = n <= 25;
        for (const char *s = f->licence_number; *s; s++)
            ok &= isalnum((unsigned char)*s) || *s == '-';
        if (!ok)
            iaq_problem_add(p, "licence_number",
                            "licence number must be up to 25 letters, digits or hyphens");
    }
    if (f->arn[0]) {
        const char *a = f->arn;
        if (*a == 'A' || *a == 'a')
            a++;
        size_t n = strlen(a);
        bool ok = n >= 8 && n <= 9;
        for (const char *s = a; *s; s++)
            ok &= isdigit((unsigned char)*s) != 0;
        if (!ok)
            iaq_problem_add(p, "arn",
                            "alien registration number must be 8 or 9 digits "
                            "(an A in front is allowed)");
    }
    if (f->fbi[0] && (strlen(f->fbi) > 9 || !all_alnum(f->fbi)))
        iaq_problem_add(p, "fbi", "FBI number must be up to 9 letters or digits");
    if (f->sid[0] && (strlen(f->sid) > 10 || !all_alnum(f->sid)))
        iaq_problem_add(p, "sid", "state ID must be up to 10 letters or digits");
    return p->count - before;
}

/* Appends "KEY/value\n" to out; returns false when out is full. */
static bool put(char *out, size_t len, size_t *o, const char *key, const char *value)
{
    int n = snprintf(out + *o, len - *o, "%s/%s\n", key, value);
    if (n < 0 || (size_t)n >= len - *o)
        return false;
    *o += (size_t)n;
    return true;
}

/* Header values keep printable ASCII only (they come from configuration). */
static void header_text(const char *in, char *out, size_t len)
{
    size_t o = 0;
    for (; in && *in && o + 1 < len; in++)
        if ((unsigned char)*in >= 0x20 && (unsigned char)*in < 0x7F && *in != '/')
            out[o++] = (char)toupper((unsigned char)*in);
    out[o] = '\0';
}

int iaq_render_text(const struct iaq_fields *f, const struct iaq_header *h, char *out,
                    size_t out_len)
{
    struct iaq_problems p = {0};
    if (iaq_validate(f, INT64_MAX / 4, &p) > 0) {
        /* A far-future "today" only relaxes the age check; anything else is
         * a real problem. */
        for (int i = 0; i < p.count; i++)
            if (strcmp(p.items[i].field, "dob") != 0)
                return KIOSK_ERR_INVALID;
    }
    char name[IAQ_NAME_MAX], d8[9], a[64], b[64];
    if (iaq_format_name(f, name, sizeof name) != KIOSK_OK ||
        iaq_dob_ccyymmdd(f->dob, d8) != KIOSK_OK)
        return KIOSK_ERR_INVALID;
    size_t o = 0;
    char ori[32], atn[64], phn[32];
    header_text(h && h->ori ? h->ori : "", ori, sizeof ori);
    header_text(h && h->attention ? h->attention : "", atn, 31);
    header_text(h && h->phone ? h->phone : "", phn, 21);
    int n = snprintf(out, out_len, "IAQ.%s.AX.TXT\n", ori);
    if (n < 0 || (size_t)n >= out_len)
        return KIOSK_ERR_FULL;
    o = (size_t)n;
    bool ok = put(out, out_len, &o, "PUR", h && h->purpose && h->purpose[0] ? h->purpose : "C") &&
              put(out, out_len, &o, "ATN", atn) && put(out, out_len, &o, "PHN", phn) &&
              put(out, out_len, &o, "NAM", name) && put(out, out_len, &o, "DOB", d8) &&
              put(out, out_len, &o, "SEX", iaq_sex_code(f->sex, NULL)) &&
              put(out, out_len, &o, "POB", f->pob) &&
              put(out, out_len, &o, "CUS", h && h->custody && h->custody[0] ? h->custody : "Y") &&
              put(out, out_len, &o, "OFF", f->offense);
    if (ok && f->arn[0])
        ok = put(out, out_len, &o, "ARN",
                 (f->arn[0] == 'A' || f->arn[0] == 'a') ? f->arn + 1 : f->arn);
    if (ok && f->fbi[0])
        ok = put(out, out_len, &o, "FBI", f->fbi);
    if (ok && f->sid[0])
        ok = put(out, out_len, &o, "SID", f->sid);
    if (ok && f->licence_number[0])
        ok = put(out, out_len, &o, "OLN", f->licence_number);
    for (int i = 0; ok && i < IAQ_NATIONALITY_MAX && f->nationality[i][0]; i++)
        ok = put(out, out_len, &o, "CTZ", f->nationality[i]);
    if (ok && (f->mother_maiden_name[0] || f->father_last_name[0])) {
        char rem[200];
        ncic_text(f->mother_maiden_name, a, sizeof a, NULL, 0);
        ncic_text(f->father_last_name, b, sizeof b, NULL, 0);
        snprintf(rem, sizeof rem, "%s%s%s%s%s", a[0] ? "MOTHER MAIDEN NAME " : "", a,
                 a[0] && b[0] ? "; " : "", b[0] ? "FATHER LAST NAME " : "", b);
        ok = put(out, out_len, &o, "REM", rem);
    }
    return ok ? (int)o : KIOSK_ERR_FULL;
}

bool iaq_name_shortened(const struct iaq_fields *f, char *full, size_t full_len)
{
    char last[IAQ_TEXT_MAX], first[IAQ_TEXT_MAX], middle[IAQ_TEXT_MAX], suffix[8];
    char nam[IAQ_NAME_MAX];
    if (full_len)
        full[0] = '\0';
    if (ncic_text(f->family_name, last, sizeof last, NULL, 0) != KIOSK_OK ||
        ncic_text(f->first_name, first, sizeof first, NULL, 0) != KIOSK_OK ||
        ncic_text(f->middle_names, middle, sizeof middle, NULL, 0) != KIOSK_OK ||
        ncic_text(f->suffix, suffix, sizeof suffix, NULL, 0) != KIOSK_OK ||
        iaq_format_name(f, nam, sizeof nam) != KIOSK_OK)
        return false;
    char whole[4 * IAQ_TEXT_MAX];
    build_name(last, first, middle, suffix, whole, sizeof whole);
    if (full_len)
        snprintf(full, full_len, "%s", whole);
    return strcmp(whole, nam) != 0;
}
