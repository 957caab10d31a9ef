/* AAMVA payload encoder with known truth (see aamva_gen.h). The layout
 * follows the standard (research §1.3): header, designators with exact
 * offsets and lengths, subfiles "DL"/"ID"/"EN" + elements separated by LF and
 * terminated by CR, then an optional jurisdiction "Zx" subfile. Quirks are
 * applied as a byte transformation of that compliant stream. */
#include "gen/aamva_gen.h"
#include "core/aamva.h"

#include <stdio.h>
#include <string.h>

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    /* splitmix64 */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned rng_below(struct rng *r, unsigned n)
{
    return (unsigned)(rng_next(r) % n);
}

#define PICK(r, arr) ((arr)[rng_below((r), (unsigned)(sizeof(arr) / sizeof((arr)[0])))])

/* Made-up data. No 'D' or 'Z' in any value, so that no value contains an
 * element ID or a subfile start even when every separator is stripped. */
static const char *const families[] = {"SAMPLE",  "TESTER",   "PUBLIC", "MOTORIST",
                                       "EXAMPLE", "SPECIMEN", "RIVERS", "HOLLOWAY",
                                       "QUILL",   "MARSH",    "O NEIL", "VAN BRUGH"};
static const char *const firsts[] = {"MARY", "JOHN", "ANNA", "PETER", "SUSAN", "CARL",
                                     "LENA", "OMAR", "IVAN", "NORA",  "ROSA",  "KEVIN"};
static const char *const middles[] = {"",      "",     "LEE", "ANN",     "MARIE",
                                      "JAMES", "ROSE", "Q",   "LEE ANN", "PAUL"};
static const char *const suffixes[] = {"", "", "", "", "", "", "JR", "SR", "III"};
static const char *const streets[] = {"MAIN ST",   "OAK AVE",  "ELM ST",   "PINE WAY",
                                      "MAPLE RUN", "BIRCH LN", "RIVER ST", "HILL AVE"};
static const char *const us_cities[] = {"ANYTOWN",   "RIVERTON", "MAPLETON",
                                        "HILLSBORO", "FAIRVIEW", "GREENVILLE"};
static const char *const ca_cities[] = {"TORONTO", "MONCTON", "OTTAWA", "HALIFAX", "REGINA"};
static const char *const eyes[] = {"BRO", "BLU", "GRN", "GRY", "BLK"};

struct issuer {
    const char *iin, *code, *country;
};
static const struct issuer us_issuers[] = {
    {"636026", "AZ", "USA"}, {"636020", "CO", "USA"}, {"636010", "FL", "USA"},
    {"636001", "NY", "USA"}, {"636023", "OH", "USA"}, {"636015", "TX", "USA"},
    {"636045", "WA", "USA"},
};
static const struct issuer ca_issuers[] = {
    {"636012", "ON", "CAN"}, {"636017", "NB", "CAN"}, {"604426", "PE", "CAN"},
    {"636048", "MB", "CAN"}, {"636044", "SK", "CAN"}, {"604428", "QC", "CAN"},
};

static const char *const quirk_names[AAMVA_GEN_QUIRK_COUNT] = {
    "bom",
    "leading_junk",
    "header_junk",
    "rs_as_6",
    "rs_as_uuml",
    "cr_as_M",
    "cr_as_lf",
    "crlf",
    "pipes",
    "c1_noise",
    "stripped",
    "zero_offsets",
    "no_subfile_type",
    "padding",
    "date_order",
    "file_type_aamva",
};

const char *aamva_gen_quirk_name(unsigned bit)
{
    for (int i = 0; i < AAMVA_GEN_QUIRK_COUNT; i++)
        if (bit == (1u << i))
            return quirk_names[i];
    return NULL;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

static struct aamva_gen_date rand_date(struct rng *r, int y0, int y1)
{
    struct aamva_gen_date d;
    d.year = y0 + (int)rng_below(r, (unsigned)(y1 - y0 + 1));
    d.month = 1 + (int)rng_below(r, 12);
    d.day = 1 + (int)rng_below(r, (unsigned)days_in_month(d.year, d.month));
    return d;
}

/* A small byte builder that refuses to overflow. */
struct buf {
    unsigned char *p;
    size_t n, cap;
    int overflow;
};

static void put(struct buf *b, const void *s, size_t n)
{
    if (b->n + n > b->cap) {
        b->overflow = 1;
        return;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Elements of one subfile, "IDvalue" each, before separators. */
struct elems {
    char e[40][128];
    int n;
};

/* Appends element id with value val, space-padded to pad characters. */
static void add(struct elems *el, int pad, const char *id, const char *val)
{
    if (el->n >= 40)
        return;
    char *d = el->e[el->n++];
    size_t il = strlen(id), vl = strlen(val);
    if (il + vl > 120)
        vl = 120 - il;
    memcpy(d, id, il);
    memcpy(d + il, val, vl);
    size_t k = il + vl;
    while (k < il + (size_t)pad && k < 120)
        d[k++] = ' ';
    d[k] = '\0';
}

/* Joins up to four parts with sep (skipping trailing empty ones). */
static void join(char *out, size_t cap, char sep, const char *a, const char *b, const char *c,
                 const char *d)
{
    const char *parts[4] = {a, b, c, d};
    int last = 3;
    while (last > 0 && !parts[last][0])
        last--;
    size_t k = 0;
    for (int i = 0; i <= last; i++) {
        if (i && k + 1 < cap)
            out[k++] = sep;
        for (const char *p = parts[i]; *p && k + 1 < cap; p++)
            out[k++] = *p;
    }
    out[k] = '\0';
}

static void fmt_date(char *out, size_t cap, const struct aamva_gen_date *d, int ccyy_first)
{
    if (ccyy_first)
        snprintf(out, cap, "%04d%02d%02d", d->year % 10000, d->month % 100, d->day % 100);
    else
        snprintf(out, cap, "%02d%02d%04d", d->month % 100, d->day % 100, d->year % 10000);
}

/* Builds the compliant logical payload into lg; returns its length. */
static size_t build_logical(struct rng *r, unsigned quirks, struct aamva_gen_truth *t,
                            unsigned char *lg, size_t cap)
{
    int v = t->version;
    int canada = strcmp(t->country, "CAN") == 0;
    int pad = (quirks & AAMVA_GEN_PADDING) != 0;
    struct elems dl = {.n = 0}, z = {.n = 0};
    char tmp[100];

    int ccyy_first = v == 1 || (v >= 3 && canada);
    if (quirks & AAMVA_GEN_DATE_ORDER)
        ccyy_first = !ccyy_first;

    if (strcmp(t->document_type, "ID") != 0) {
        add(&dl, 0, v == 1 ? "DAR" : "DCA", PICK(r, ((const char *[]){"A", "B", "C"})));
        add(&dl, 0, v == 1 ? "DAS" : "DCB", "NONE");
        add(&dl, 0, v == 1 ? "DAT" : "DCD", "NONE");
    }
    fmt_date(tmp, sizeof tmp, &t->expires, ccyy_first);
    add(&dl, 0, "DBA", tmp);
    if (v == 1) {
        char daa[128];
        join(daa, sizeof daa, ',', t->family_name, t->first_name, t->middle_names, t->suffix);
        add(&dl, pad ? 35 : 0, "DAA", daa);
    } else if (v <= 3) {
        add(&dl, pad ? 40 : 0, "DCS", t->family_name);
        char dct[128];
        join(dct, sizeof dct, rng_below(r, 2) ? ',' : ' ', t->first_name, t->middle_names, "", "");
        add(&dl, pad ? 80 : 0, "DCT", dct);
        add(&dl, 0, "DCU", t->suffix);
    } else {
        add(&dl, pad ? 40 : 0, "DCS", t->family_name);
        add(&dl, pad ? 40 : 0, "DAC", t->first_name);
        add(&dl, pad ? 40 : 0, "DAD", t->middle_names[0] ? t->middle_names : "NONE");
        if (t->suffix[0])
            add(&dl, 0, "DCU", t->suffix);
        int trunc = rng_below(r, 8) == 0;
        add(&dl, 0, "DDE", trunc ? "T" : "N");
        if (trunc)
            t->warnings |= AAMVA_WARN_FAMILY_TRUNCATED;
        add(&dl, 0, "DDF", "N");
        add(&dl, 0, "DDG", rng_below(r, 2) ? "N" : "U");
    }
    fmt_date(tmp, sizeof tmp, &t->issued, ccyy_first);
    add(&dl, 0, "DBD", tmp);
    fmt_date(tmp, sizeof tmp, &t->dob, ccyy_first);
    add(&dl, 0, "DBB", tmp);
    add(&dl, 0, "DBC", t->sex_raw);
    add(&dl, 0, "DAY", PICK(r, eyes));
    add(&dl, 0, "DAU", v == 1 ? "509" : "069 in");
    add(&dl, pad ? 35 : 0, "DAG", t->street);
    add(&dl, pad ? 20 : 0, "DAI", t->city);
    add(&dl, 0, "DAJ", t->jurisdiction);
    if (canada) {
        add(&dl, 11, "DAK", t->postal_code);
    } else {
        char zip[16];
        if (strlen(t->postal_code) == 10)
            snprintf(zip, sizeof zip, "%.5s%.4s", t->postal_code, t->postal_code + 6);
        else
            snprintf(zip, sizeof zip, "%s0000", t->postal_code);
        add(&dl, 11, "DAK", zip);
    }
    add(&dl, pad ? 25 : 0, "DAQ", t->document_number);
    if (v >= 2) {
        add(&dl, pad ? 25 : 0, "DCF", t->document_discriminator);
        add(&dl, 0, "DCG", canada ? (v == 2 ? "CDN" : "CAN") : "USA");
    }
    if (v >= 4) {
        if (t->real_id[0])
            add(&dl, 0, "DDA", t->real_id);
        if (t->limited_duration >= 0)
            add(&dl, 0, "DDD", t->limited_duration ? "1" : "0");
    }
    /* Shuffle (jurisdictions order elements freely). */
    for (int i = dl.n - 1; i > 0; i--) {
        int j = (int)rng_below(r, (unsigned)i + 1);
        char sw[100];
        memcpy(sw, dl.e[i], sizeof sw);
        memcpy(dl.e[i], dl.e[j], sizeof sw);
        memcpy(dl.e[j], sw, sizeof sw);
    }
    int with_z = rng_below(r, 2);
    char zl = t->jurisdiction[0];
    if (with_z) {
        char id[4] = {'Z', zl, 'A', 0};
        snprintf(tmp, sizeof tmp, "%u", rng_below(r, 100000));
        add(&z, 0, id, tmp);
        id[2] = 'B';
        add(&z, 0, id, rng_below(r, 2) ? "YES" : "");
    }

    /* Subfile bodies. */
    unsigned char sub[2][2048];
    size_t sl[2] = {0, 0};
    for (int s = 0; s < 1 + with_z; s++) {
        struct buf b = {sub[s], 0, sizeof sub[s], 0};
        if (s == 0) {
            if (!(quirks & AAMVA_GEN_NO_SUBFILE_TYPE))
                puts_(&b, t->document_type);
        } else {
            char zt[3] = {'Z', zl, 0};
            puts_(&b, zt);
        }
        struct elems *el = s == 0 ? &dl : &z;
        for (int i = 0; i < el->n; i++) {
            puts_(&b, el->e[i]);
            put(&b, i + 1 < el->n ? "\n" : "\r", 1);
        }
        if (b.overflow)
            return 0;
        sl[s] = b.n;
    }
    int entries = 1 + with_z;
    struct buf b = {lg, 0, cap, 0};
    puts_(&b, "@\n\x1e\r");
    puts_(&b, (quirks & AAMVA_GEN_FILE_TYPE_AAMVA) ? "AAMVA" : "ANSI ");
    puts_(&b, t->iin);
    char hdr[40];
    if (v >= 2)
        snprintf(hdr, sizeof hdr, "%02u%02u%02u", (unsigned)v % 100u,
                 (unsigned)t->jurisdiction_version % 100u, (unsigned)entries % 100u);
    else
        snprintf(hdr, sizeof hdr, "%02u%02u", (unsigned)v % 100u, (unsigned)entries % 100u);
    puts_(&b, hdr);
    size_t off = b.n + 10u * (size_t)entries;
    for (int s = 0; s < entries; s++) {
        char d[16];
        if (quirks & AAMVA_GEN_ZERO_OFFSETS)
            snprintf(d, sizeof d, "%s00000000", s == 0 ? t->document_type : (char[3]){'Z', zl, 0});
        else
            snprintf(d, sizeof d, "%s%04u%04u", s == 0 ? t->document_type : (char[3]){'Z', zl, 0},
                     (unsigned)off % 10000u, (unsigned)sl[s] % 10000u);
        puts_(&b, d);
        off += sl[s];
    }
    for (int s = 0; s < entries; s++)
        put(&b, sub[s], sl[s]);
    return b.overflow ? 0 : b.n;
}

size_t aamva_gen_payload(uint64_t seed, unsigned quirks, unsigned char *out, size_t cap,
                         struct aamva_gen_truth *truth)
{
    struct aamva_gen_truth tt;
    struct aamva_gen_truth *t = truth ? truth : &tt;
    struct rng r = {seed * 0x2545f4914f6cdd1dull + 1};
    memset(t, 0, sizeof *t);

    quirks &= AAMVA_GEN_QUIRK_ALL;
    if (quirks & AAMVA_GEN_STRIPPED)
        quirks &= ~(AAMVA_GEN_PIPES | AAMVA_GEN_RS_AS_6 | AAMVA_GEN_RS_AS_UUML | AAMVA_GEN_CR_AS_M |
                    AAMVA_GEN_CRLF | AAMVA_GEN_CR_AS_LF);
    if (quirks & AAMVA_GEN_PIPES)
        quirks &= ~(AAMVA_GEN_RS_AS_6 | AAMVA_GEN_RS_AS_UUML | AAMVA_GEN_CR_AS_M | AAMVA_GEN_CRLF |
                    AAMVA_GEN_CR_AS_LF);
    if (quirks & AAMVA_GEN_RS_AS_6)
        quirks &= ~AAMVA_GEN_RS_AS_UUML;
    if (quirks & AAMVA_GEN_CR_AS_M)
        quirks &= ~AAMVA_GEN_CR_AS_LF;
    if (quirks & AAMVA_GEN_CRLF)
        quirks &= ~AAMVA_GEN_CR_AS_LF;
    t->quirks = quirks;

    t->version = 1 + (int)rng_below(&r, 10);
    int canada = rng_below(&r, 3) == 0;
    const struct issuer *is = canada ? &PICK(&r, ca_issuers) : &PICK(&r, us_issuers);
    snprintf(t->iin, sizeof t->iin, "%s", is->iin);
    snprintf(t->jurisdiction, sizeof t->jurisdiction, "%s", is->code);
    snprintf(t->country, sizeof t->country, "%s", is->country);
    t->jurisdiction_version = t->version >= 2 ? (int)rng_below(&r, 3) : -1;
    const char *types[] = {"DL", "DL", "ID", "EN"};
    snprintf(t->document_type, sizeof t->document_type, "%s",
             types[rng_below(&r, t->version >= 10 ? 4 : 3)]);
    snprintf(t->family_name, sizeof t->family_name, "%s", PICK(&r, families));
    snprintf(t->first_name, sizeof t->first_name, "%s", PICK(&r, firsts));
    snprintf(t->middle_names, sizeof t->middle_names, "%s", PICK(&r, middles));
    snprintf(t->suffix, sizeof t->suffix, "%s", t->version >= 2 ? PICK(&r, suffixes) : "");
    if (t->version == 1 && rng_below(&r, 4) == 0)
        snprintf(t->suffix, sizeof t->suffix, "%s", "JR");
    t->dob = rand_date(&r, 1935, 2005);
    t->issued = rand_date(&r, t->dob.year + 16 > 2012 ? t->dob.year + 16 : 2012, 2026);
    t->expires = t->issued;
    t->expires.year += 4 + (int)rng_below(&r, 5);
    if (t->expires.month == 2 && t->expires.day == 29)
        t->expires.day = 28;
    unsigned sx = rng_below(&r, t->version >= 9 ? 3 : 2);
    t->sex = sx == 0 ? 'M' : sx == 1 ? 'F' : 'U';
    t->sex_raw[0] = t->version == 1 ? (sx == 0 ? 'M' : 'F') : (char)(sx == 2 ? '9' : '1' + sx);
    static const char letters[] = "ABCEFGHJKLMNRSTUVWXY";
    snprintf(t->document_number, sizeof t->document_number, "%c%08u",
             letters[rng_below(&r, sizeof letters - 1)], rng_below(&r, 100000000));
    if (t->version >= 2)
        snprintf(t->document_discriminator, sizeof t->document_discriminator, "%010u%06u",
                 rng_below(&r, 1000000000), rng_below(&r, 1000000));
    snprintf(t->street, sizeof t->street, "%u %s", 1 + rng_below(&r, 9999), PICK(&r, streets));
    snprintf(t->city, sizeof t->city, "%s", canada ? PICK(&r, ca_cities) : PICK(&r, us_cities));
    if (canada)
        snprintf(t->postal_code, sizeof t->postal_code, "%c%u%c %u%c%u",
                 letters[rng_below(&r, sizeof letters - 1)], rng_below(&r, 10),
                 letters[rng_below(&r, sizeof letters - 1)], rng_below(&r, 10),
                 letters[rng_below(&r, sizeof letters - 1)], rng_below(&r, 10));
    else if (rng_below(&r, 2))
        snprintf(t->postal_code, sizeof t->postal_code, "%05u", 10000 + rng_below(&r, 89999));
    else
        snprintf(t->postal_code, sizeof t->postal_code, "%05u-%04u", 10000 + rng_below(&r, 89999),
                 1 + rng_below(&r, 9998));
    t->limited_duration = -1;
    if (t->version >= 4) {
        unsigned ra = rng_below(&r, 3);
        if (ra)
            t->real_id[0] = ra == 1 ? 'F' : 'N';
        unsigned ld = rng_below(&r, 3);
        t->limited_duration = ld == 0 ? -1 : (int)ld - 1;
    }

    unsigned char lg[4096];
    size_t ln = build_logical(&r, quirks, t, lg, sizeof lg);
    if (ln == 0)
        return 0;

    /* Transport: map the control characters, add noise and junk. */
    struct buf b = {out, 0, cap, 0};
    if (quirks & AAMVA_GEN_BOM)
        puts_(&b, "\xef\xbb\xbf");
    if (quirks & AAMVA_GEN_LEADING_JUNK)
        puts_(&b, "]L2");
    for (size_t i = 0; i < ln; i++) {
        unsigned char c = lg[i];
        if (i == 1 && (quirks & AAMVA_GEN_HEADER_JUNK))
            puts_(&b, "a");
        if (c == '\n' && (quirks & AAMVA_GEN_C1_NOISE))
            puts_(&b, "\xc2\x90");
        if (c == '\n' || c == '\r' || c == 0x1e) {
            if (quirks & AAMVA_GEN_STRIPPED)
                ;
            else if (quirks & AAMVA_GEN_PIPES)
                puts_(&b, "|");
            else if (c == 0x1e)
                puts_(&b, (quirks & AAMVA_GEN_RS_AS_6)      ? "6"
                          : (quirks & AAMVA_GEN_RS_AS_UUML) ? "\xc3\x9c"
                                                            : "\x1e");
            else if (c == '\n')
                puts_(&b, (quirks & AAMVA_GEN_CRLF) ? "\r\n" : "\n");
            else
                puts_(&b, (quirks & AAMVA_GEN_CR_AS_M)    ? "M"
                          : (quirks & AAMVA_GEN_CRLF)     ? "\r\n"
                          : (quirks & AAMVA_GEN_CR_AS_LF) ? "\n"
                                                          : "\r");
        } else {
            put(&b, &c, 1);
        }
        if (c == '\n' && (quirks & AAMVA_GEN_C1_NOISE))
            puts_(&b, "\xc2\x90");
    }
    if (b.overflow)
        return 0;

    /* What the parser must report. */
    static const struct {
        unsigned q;
        uint32_t r;
    } map[] = {
        {AAMVA_GEN_BOM, AAMVA_REPAIR_BOM_REMOVED},
        {AAMVA_GEN_LEADING_JUNK, AAMVA_REPAIR_LEADING_JUNK},
        {AAMVA_GEN_HEADER_JUNK, AAMVA_REPAIR_HEADER_JUNK},
        {AAMVA_GEN_RS_AS_6, AAMVA_REPAIR_RS_AS_6},
        {AAMVA_GEN_RS_AS_UUML, AAMVA_REPAIR_RS_AS_UUML},
        {AAMVA_GEN_CR_AS_M, AAMVA_REPAIR_CR_AS_M},
        {AAMVA_GEN_CR_AS_LF, AAMVA_REPAIR_CR_AS_LF},
        {AAMVA_GEN_CRLF, AAMVA_REPAIR_CRLF},
        {AAMVA_GEN_PIPES, AAMVA_REPAIR_PIPE_SEPARATORS},
        {AAMVA_GEN_C1_NOISE, AAMVA_REPAIR_C1_NOISE},
        {AAMVA_GEN_STRIPPED, AAMVA_REPAIR_SEPARATORS_STRIPPED},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (quirks & map[i].q)
            t->repairs |= map[i].r;
    if (quirks & AAMVA_GEN_NO_SUBFILE_TYPE)
        t->warnings |= AAMVA_WARN_SUBFILE_TYPE_MISSING;
    if (quirks & AAMVA_GEN_DATE_ORDER)
        t->warnings |= AAMVA_WARN_DOB_ORDER_FALLBACK | AAMVA_WARN_EXPIRES_ORDER_FALLBACK |
                       AAMVA_WARN_ISSUED_ORDER_FALLBACK;
    return b.n;
}
