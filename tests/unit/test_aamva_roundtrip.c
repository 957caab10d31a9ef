/* Round trip: thousands of seeded generator payloads (every version 01-10,
 * USA and Canada, random quirk sets) must parse back to their truth,
 * including the exact set of repairs reported. The seed and quirks of a
 * failing case are printed; KIOSK_AAMVA_SEED=<seed> reruns one case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aamva.h"
#include "gen/aamva_gen.h"

#define CASES 20000

static int date_is(const struct aamva_date *d, const struct aamva_gen_date *w)
{
    return (d->state == AAMVA_DATE_OK || d->state == AAMVA_DATE_FALLBACK) && d->year == w->year &&
           d->month == w->month && d->day == w->day;
}

static void describe(uint64_t seed, unsigned quirks, const struct aamva_gen_truth *t,
                     const char *what)
{
    fprintf(stderr, "round trip failed: seed %llu quirks 0x%x (", (unsigned long long)seed, quirks);
    for (int i = 0; i < AAMVA_GEN_QUIRK_COUNT; i++)
        if (t->quirks & (1u << i))
            fprintf(stderr, " %s", aamva_gen_quirk_name(1u << i));
    fprintf(stderr, " ) v%02d %s: %s\n", t->version, t->iin, what);
}

/* Returns 0 when parse(gen(seed)) == truth, else 1 (printed). */
static int one_case(uint64_t seed, unsigned quirks)
{
    unsigned char buf[4096];
    struct aamva_gen_truth t;
    size_t n = aamva_gen_payload(seed, quirks, buf, sizeof buf, &t);
    if (n == 0) {
        describe(seed, quirks, &t, "generator: buffer too small");
        return 1;
    }
    struct aamva_doc doc;
    int rc = aamva_parse(buf, n, &doc);
    char what[320];
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            snprintf(what, sizeof what, __VA_ARGS__);                                              \
            describe(seed, quirks, &t, what);                                                      \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)
    CHECK(rc == 0, "refused: %s", doc.refusal_message);
    CHECK(doc.aamva_version == t.version, "version %d", doc.aamva_version);
    CHECK(doc.jurisdiction_version == t.jurisdiction_version, "jurisdiction version %d",
          doc.jurisdiction_version);
    CHECK(strcmp(doc.iin, t.iin) == 0, "iin %s", doc.iin);
    CHECK(doc.issuer && strcmp(doc.issuer->jurisdiction, t.jurisdiction) == 0, "issuer");
    CHECK(strcmp(doc.document_type, t.document_type) == 0, "document type %s", doc.document_type);
    CHECK(strcmp(doc.family_name, t.family_name) == 0, "family '%s' want '%s'", doc.family_name,
          t.family_name);
    CHECK(strcmp(doc.first_name, t.first_name) == 0, "first '%s' want '%s'", doc.first_name,
          t.first_name);
    CHECK(strcmp(doc.middle_names, t.middle_names) == 0, "middle '%s' want '%s'", doc.middle_names,
          t.middle_names);
    CHECK(strcmp(doc.suffix, t.suffix) == 0, "suffix '%s' want '%s'", doc.suffix, t.suffix);
    CHECK(date_is(&doc.dob, &t.dob), "dob");
    CHECK(date_is(&doc.issued, &t.issued), "issued");
    CHECK(date_is(&doc.expires, &t.expires), "expires");
    CHECK(doc.sex == t.sex && strcmp(doc.sex_raw, t.sex_raw) == 0, "sex %c/%s", doc.sex,
          doc.sex_raw);
    CHECK(strcmp(doc.document_number, t.document_number) == 0, "number '%s'", doc.document_number);
    CHECK(strcmp(doc.document_discriminator, t.document_discriminator) == 0, "discriminator '%s'",
          doc.document_discriminator);
    CHECK(strcmp(doc.street, t.street) == 0, "street '%s'", doc.street);
    CHECK(strcmp(doc.city, t.city) == 0, "city '%s'", doc.city);
    CHECK(strcmp(doc.state, t.jurisdiction) == 0, "state '%s'", doc.state);
    CHECK(strcmp(doc.postal_code, t.postal_code) == 0, "postal '%s' want '%s'", doc.postal_code,
          t.postal_code);
    CHECK(strcmp(doc.country, t.country) == 0, "country '%s'", doc.country);
    CHECK(strcmp(doc.real_id, t.real_id) == 0, "real id '%s'", doc.real_id);
    CHECK(doc.limited_duration == t.limited_duration, "limited duration %d", doc.limited_duration);
    CHECK(doc.repairs == t.repairs, "repairs 0x%x want 0x%x", doc.repairs, t.repairs);
    CHECK(doc.warnings == t.warnings, "warnings 0x%x want 0x%x", doc.warnings, t.warnings);
    return 0;
}

static unsigned quirks_for(uint64_t seed)
{
    /* a third compliant, a third one quirk, a third random combinations */
    uint64_t h = seed * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    switch (seed % 3) {
    case 0:
        return 0;
    case 1:
        return 1u << (h % AAMVA_GEN_QUIRK_COUNT);
    default:
        return (unsigned)(h >> 7) & AAMVA_GEN_QUIRK_ALL;
    }
}

static void test_roundtrip(void **state)
{
    (void)state;
    const char *one = getenv("KIOSK_AAMVA_SEED");
    if (one) {
        uint64_t s = strtoull(one, NULL, 10);
        assert_int_equal(one_case(s, quirks_for(s)), 0);
        return;
    }
    int failed = 0;
    for (uint64_t s = 1; s <= CASES; s++)
        failed += one_case(s, quirks_for(s));
    /* every single quirk on a fixed set of seeds too */
    for (int q = 0; q < AAMVA_GEN_QUIRK_COUNT; q++)
        for (uint64_t s = 100000; s < 100050; s++)
            failed += one_case(s, 1u << q);
    printf("%d round-trip cases, %d failed\n", CASES + AAMVA_GEN_QUIRK_COUNT * 50, failed);
    assert_int_equal(failed, 0);
}

static void test_compliant_designators(void **state)
{
    (void)state;
    /* quirks = 0: every designator's offset lands on its subfile type and
     * offset + length - 1 on its CR. */
    for (uint64_t s = 1; s <= 500; s++) {
        unsigned char b[4096];
        struct aamva_gen_truth t;
        size_t n = aamva_gen_payload(s, 0, b, sizeof b, &t);
        assert_true(n > 0);
        assert_memory_equal(b, "@\n\x1e\rANSI ", 9);
        size_t h = t.version >= 2 ? 21 : 19;
        int entries = (b[h - 2] - '0') * 10 + (b[h - 1] - '0');
        for (int e = 0; e < entries; e++) {
            const unsigned char *d = b + h + 10 * e;
            unsigned off = 0, len = 0;
            for (int k = 0; k < 4; k++) {
                off = off * 10 + (unsigned)(d[2 + k] - '0');
                len = len * 10 + (unsigned)(d[6 + k] - '0');
            }
            assert_true(off + len <= n);
            assert_memory_equal(b + off, d, 2);
            assert_int_equal(b[off + len - 1], '\r');
        }
    }
    /* too small a buffer: 0 */
    unsigned char small[40];
    assert_int_equal(aamva_gen_payload(1, 0, small, sizeof small, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compliant_designators),
        cmocka_unit_test(test_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
