/* IAQ rules, table-driven: every field rule (name form and transliteration,
 * DOB, sex, POB, offense, parents' names, nationality, optional
 * identifiers), all problems reported at once, the NCIC name and the IAQ
 * text in Nlets order; plus the clock's ISO text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/iaq.h"
#include "core/kiosk_err.h"

#include <string.h>

/* 2026-11-27T10:00:00Z */
#define TODAY ((kiosk_ms_t)1795773600000LL)

static void valid_fields(struct iaq_fields *f)
{
    memset(f, 0, sizeof *f);
    strcpy(f->family_name, "PUBLIC");
    strcpy(f->first_name, "JOHN");
    strcpy(f->middle_names, "QUINCY");
    strcpy(f->dob, "19700131");
    strcpy(f->sex, "M");
    strcpy(f->pob, "AZ");
    strcpy(f->offense, "1313");
}

struct case_ {
    const char *field;  /* struct member to set */
    const char *value;  /* value to put there */
    const char *expect; /* problem field expected, NULL = valid */
    const char *needle; /* substring of the message */
};

static char *member(struct iaq_fields *f, const char *name)
{
#define M(m)                                                                                       \
    if (!strcmp(name, #m))                                                                         \
    return f->m
    M(family_name);
    M(first_name);
    M(middle_names);
    M(suffix);
    M(dob);
    M(sex);
    M(pob);
    M(offense);
    M(mother_maiden_name);
    M(father_last_name);
    M(licence_number);
    M(arn);
    M(fbi);
    M(sid);
#undef M
    if (!strcmp(name, "nationality0"))
        return f->nationality[0];
    if (!strcmp(name, "nationality1"))
        return f->nationality[1];
    fail_msg("unknown member %s", name);
    return NULL;
}

static const struct case_ cases[] = {
    /* names */
    {"family_name", "", "family_name", "required"},
    {"family_name", "O'Brien", NULL, NULL},
    {"family_name", "Núñez-García", NULL, NULL},
    {"family_name", "Smith2", "family_name", "'2'"},
    {"family_name", "Smith!", "family_name", "'!'"},
    {"family_name", "Ивaнов", "family_name", "NCIC does not allow"},
    {"family_name", "'.", "family_name", "no letters"},
    {"first_name", "", NULL, NULL},
    {"first_name", "Zoë", NULL, NULL},
    {"first_name", "Jo@n", "first_name", "'@'"},
    {"middle_names", "St. John", NULL, NULL},
    {"middle_names", "A\x01", "middle_names", "control"},
    {"suffix", "Jr.", NULL, NULL},
    {"suffix", "III", NULL, NULL},
    {"suffix", "ESQ", "suffix", "JR, SR"},
    {"mother_maiden_name", "Łukasiewicz", NULL, NULL},
    {"mother_maiden_name", "X1", "mother_maiden_name", "'1'"},
    {"father_last_name", "Groß", NULL, NULL},
    {"father_last_name", "李", "father_last_name", "NCIC does not allow"},
    /* dates of birth */
    {"dob", "", "dob", "required"},
    {"dob", "1970-01-31", NULL, NULL},
    {"dob", "19700132", "dob", "real date"},
    {"dob", "19700229", "dob", "real date"},
    {"dob", "20000229", NULL, NULL},
    {"dob", "013170", "dob", "CCYYMMDD"},
    {"dob", "20270101", "dob", "future"},
    {"dob", "18800101", "dob", "age of 146"},
    {"dob", "20200101", "dob", "age of 6"},
    {"dob", "1970/01/31", "dob", "real date"},
    /* sex */
    {"sex", "", "sex", "required"},
    {"sex", "F", NULL, NULL},
    {"sex", "u", NULL, NULL},
    {"sex", "1", NULL, NULL},
    {"sex", "2", NULL, NULL},
    {"sex", "9", NULL, NULL},
    {"sex", "X", NULL, NULL},
    {"sex", "Q", "sex", "M, F or U"},
    {"sex", "MF", "sex", "M, F or U"},
    /* place of birth */
    {"pob", "", "pob", "required"},
    {"pob", "GA", NULL, NULL},
    {"pob", "GD", NULL, NULL},
    {"pob", "UK", NULL, NULL},
    {"pob", "ZZ", "pob", "not an NCIC"},
    {"pob", "A", "pob", "not an NCIC"},
    {"pob", "USA", "pob", "not an NCIC"},
    /* offense */
    {"offense", "", "offense", "0399"},
    {"offense", "0399", NULL, NULL},
    {"offense", "9999", "offense", "not an NCIC offense"},
    {"offense", "131", "offense", "not an NCIC offense"},
    {"offense", "4003", "offense", "retired"},
    /* nationality */
    {"nationality0", "MM", NULL, NULL},
    {"nationality0", "US", NULL, NULL},
    {"nationality0", "TX", "nationality", "state or province"},
    {"nationality0", "QQ", "nationality", "not an NCIC country"},
    /* optional identifiers */
    {"licence_number", "D12345678", NULL, NULL},
    {"licence_number", "D1234 5678", "licence_number", "25 letters"},
    {"arn", "A012345678", NULL, NULL},
    {"arn", "12345678", NULL, NULL},
    {"arn", "1234567", "arn", "8 or 9 digits"},
    {"arn", "A12345678X", "arn", "8 or 9 digits"},
    {"fbi", "123456AB9", NULL, NULL},
    {"fbi", "1234567890", "fbi", "up to 9"},
    {"sid", "MO12345678", NULL, NULL},
    {"sid", "MO-1234", "sid", "up to 10"},
};

static void test_field_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct case_ *c = &cases[i];
        struct iaq_fields f;
        valid_fields(&f);
        strcpy(member(&f, c->field), c->value);
        struct iaq_problems p = {0};
        int n = iaq_validate(&f, TODAY, &p);
        if (!c->expect) {
            if (n != 0)
                fail_msg("case %zu (%s=%s): unexpected problem %s: %s", i, c->field, c->value,
                         p.items[0].field, p.items[0].message);
            continue;
        }
        if (n != 1)
            fail_msg("case %zu (%s=%s): %d problems, expected 1", i, c->field, c->value, n);
        assert_string_equal(p.items[0].field, c->expect);
        if (!strstr(p.items[0].message, c->needle))
            fail_msg("case %zu: message '%s' lacks '%s'", i, p.items[0].message, c->needle);
    }
}

static void test_all_problems_at_once(void **state)
{
    (void)state;
    struct iaq_fields f;
    memset(&f, 0, sizeof f);
    strcpy(f.first_name, "J0HN");
    strcpy(f.nationality[0], "MM");
    strcpy(f.nationality[1], "MM");
    struct iaq_problems p = {0};
    int n = iaq_validate(&f, TODAY, &p);
    /* family_name, first_name, dob, sex, pob, offense, nationality twice */
    assert_int_equal(n, 7);
    const char *fields[] = {"family_name", "first_name", "dob",        "sex",
                            "pob",         "offense",    "nationality"};
    for (int i = 0; i < 7; i++)
        assert_string_equal(p.items[i].field, fields[i]);
}

static void test_problem_capacity(void **state)
{
    (void)state;
    struct iaq_problems p = {0};
    for (int i = 0; i < IAQ_MAX_PROBLEMS + 10; i++)
        iaq_problem_add(&p, "x", "problem %d", i);
    assert_int_equal(p.count, IAQ_MAX_PROBLEMS);
}

static void test_ncic_text(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
        int rc;
    } t[] = {
        {"o'brien", "OBRIEN", KIOSK_OK},
        {"O’Brien", "OBRIEN", KIOSK_OK},
        {"  mary   ann  ", "MARY ANN", KIOSK_OK},
        {"Ærøskøbing", "AEROSKOBING", KIOSK_OK},
        {"Straße", "STRASSE", KIOSK_OK},
        {"Dvořák", "DVORAK", KIOSK_OK},
        {"Þór", "THOR", KIOSK_OK},
        {"St. John-Smith", "ST JOHN-SMITH", KIOSK_OK},
        {"R2D2", "RD", KIOSK_ERR_INVALID},
        {"\xff", "", KIOSK_ERR_INVALID},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char out[64];
        assert_int_equal(iaq_ncic_text(t[i].in, out, sizeof out), t[i].rc);
        assert_string_equal(out, t[i].out);
    }
}

static void test_format_name(void **state)
{
    (void)state;
    static const struct {
        const char *last, *first, *middle, *suffix, *expect;
    } t[] = {
        {"Smith", "John", "J", "Jr", "SMITH,JOHN J JR"},
        {"Núñez O'Brien", "José", "María", "", "NUNEZ OBRIEN,JOSE MARIA"},
        {"Smith", "", "", "", "SMITH,"},
        /* too long: middle names become initials */
        {"Montgomery-Smythe", "Alex", "Quincy Adams", "", "MONTGOMERY-SMYTHE,ALEX Q A"},
        {"Montgomery-Smythe", "Alexander", "Quincy Adams", "", "MONTGOMERY-SMYTHE,ALEXANDER"},
        /* still too long: middle dropped, then the first name cut */
        {"Wolfeschlegelsteinhausen", "Hubert", "Blaine", "Sr", "WOLFESCHLEGELSTEINHAUSEN,HU SR"},
        /* a surname alone longer than 30 is cut last */
        {"Abcdefghijklmnopqrstuvwxyzabcdefgh", "Ann", "", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCD"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct iaq_fields f;
        memset(&f, 0, sizeof f);
        strcpy(f.family_name, t[i].last);
        strcpy(f.first_name, t[i].first);
        strcpy(f.middle_names, t[i].middle);
        strcpy(f.suffix, t[i].suffix);
        char out[IAQ_NAME_MAX];
        assert_int_equal(iaq_format_name(&f, out, sizeof out), KIOSK_OK);
        assert_true(strlen(out) <= 30);
        assert_string_equal(out, t[i].expect);
    }
    struct iaq_fields f;
    memset(&f, 0, sizeof f);
    char out[IAQ_NAME_MAX];
    assert_int_equal(iaq_format_name(&f, out, sizeof out), KIOSK_ERR_INVALID);
}

static void test_sex_mapping(void **state)
{
    (void)state;
    bool mapped;
    assert_string_equal(iaq_sex_code("1", &mapped), "M");
    assert_true(mapped);
    assert_string_equal(iaq_sex_code("2", &mapped), "F");
    assert_string_equal(iaq_sex_code("9", &mapped), "U");
    assert_string_equal(iaq_sex_code("x", &mapped), "U");
    assert_true(mapped);
    assert_string_equal(iaq_sex_code("f", &mapped), "F");
    assert_false(mapped);
    assert_null(iaq_sex_code("3", &mapped));
}

static void test_render_text(void **state)
{
    (void)state;
    struct iaq_fields f;
    valid_fields(&f);
    strcpy(f.dob, "1970-01-31");
    strcpy(f.sex, "1");
    strcpy(f.pob, "MM");
    strcpy(f.mother_maiden_name, "García");
    strcpy(f.father_last_name, "Public");
    strcpy(f.nationality[0], "MM");
    strcpy(f.nationality[1], "CD");
    strcpy(f.arn, "A012345678");
    strcpy(f.licence_number, "D12345678");
    struct iaq_header h = {.ori = "MO0950000",
                           .purpose = "C",
                           .attention = "Dana Deputy D7",
                           .phone = "573-555-0100",
                           .custody = "Y"};
    char out[1024];
    int n = iaq_render_text(&f, &h, out, sizeof out);
    assert_true(n > 0);
    assert_string_equal(out, "IAQ.MO0950000.AX.TXT\n"
                             "PUR/C\n"
                             "ATN/DANA DEPUTY D7\n"
                             "PHN/573-555-0100\n"
                             "NAM/PUBLIC,JOHN QUINCY\n"
                             "DOB/19700131\n"
                             "SEX/M\n"
                             "POB/MM\n"
                             "CUS/Y\n"
                             "OFF/1313\n"
                             "ARN/012345678\n"
                             "OLN/D12345678\n"
                             "CTZ/MM\n"
                             "CTZ/CD\n"
                             "REM/MOTHER MAIDEN NAME GARCIA; FATHER LAST NAME PUBLIC\n");
    assert_int_equal(n, (int)strlen(out));
    assert_int_equal(iaq_render_text(&f, &h, out, 40), KIOSK_ERR_FULL);
    strcpy(f.offense, "9999");
    assert_int_equal(iaq_render_text(&f, &h, out, sizeof out), KIOSK_ERR_INVALID);
}

static void test_clock_iso(void **state)
{
    (void)state;
    char buf[KIOSK_ISO_LEN];
    assert_string_equal(clock_format_iso(TODAY + 1234, buf, sizeof buf), "2026-11-27T10:00:01.23Z");
    assert_string_equal(clock_format_iso(0, buf, sizeof buf), "1970-01-01T00:00:00.00Z");
    kiosk_ms_t t;
    assert_int_equal(clock_parse_iso("2026-11-27T10:00:01.23Z", &t), KIOSK_OK);
    assert_int_equal(t, TODAY + 1230);
    assert_int_equal(clock_parse_iso("2026-11-27T04:00:00-06:00", &t), KIOSK_OK);
    assert_int_equal(t, TODAY);
    assert_int_equal(clock_parse_iso("2026-11-27", &t), KIOSK_OK);
    assert_int_equal(t, TODAY - 10 * KIOSK_MS_PER_HOUR);
    assert_int_equal(clock_parse_iso("2026-02-30", &t), KIOSK_ERR_INVALID);
    assert_int_equal(clock_parse_iso("2026-11-27T25:00Z", &t), KIOSK_ERR_INVALID);
    assert_int_equal(clock_parse_iso("yesterday", &t), KIOSK_ERR_INVALID);
    assert_int_equal(clock_parse_iso("2026-11-27T10:00Zjunk", &t), KIOSK_ERR_INVALID);
    kiosk_ms_t fixed = 42;
    struct kiosk_clock c = clock_fixed(&fixed);
    assert_int_equal(clock_now(&c), 42);
    fixed = 43;
    assert_int_equal(clock_now(&c), 43);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_rules),      cmocka_unit_test(test_all_problems_at_once),
        cmocka_unit_test(test_problem_capacity), cmocka_unit_test(test_ncic_text),
        cmocka_unit_test(test_format_name),      cmocka_unit_test(test_sex_mapping),
        cmocka_unit_test(test_render_text),      cmocka_unit_test(test_clock_iso),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
