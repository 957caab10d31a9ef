/* The core's transliteration of typed and pasted text (iaq_translit) and
 * its use in the NCIC form (iaq_ncic_text): precomposed Latin-1 and
 * Extended-A letters, Vietnamese letters, decomposed accents; case kept for
 * ASCII and lower-case letters; a character with no ASCII form is named,
 * never dropped silently. */
#include "core/iaq.h"
#include "core/kiosk_err.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void test_translit_cases(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out, *bad;
        int rc;
    } t[] = {
        {"N\xc3\xba\xc3\xb1"
         "ez",
         "Nunez", "", 0},                       /* Núñez */
        {"Jos\xc3\xa9", "Jose", "", 0},         /* José */
        {"\xc3\x89MILE", "EMILE", "", 0},       /* ÉMILE */
        {"Nguy\xe1\xbb\x85n", "Nguyen", "", 0}, /* Nguyễn */
        {"NGUY\xe1\xbb\x84N", "NGUYEN", "", 0}, /* NGUYỄN */
        {"Nu\xcc\x81n\xcc\x83"
         "ez",
         "Nunez", "", 0}, /* decomposed */
        {"Stra\xc3\x9f"
         "e",
         "Strasse", "", 0}, /* ß */
        {"\xc5\x81\xc3\xb3"
         "d\xc5\xba",
         "Lodz", "", 0},                               /* Łódź */
        {"\xc4\x90\xe1\xbb\x97", "Do", "", 0},         /* Đỗ */
        {"Tr\xc6\xb0\xe1\xbb\x9dng", "Truong", "", 0}, /* Trường */
        {"O\xe2\x80\x99"
         "Brien",
         "O'Brien", "", 0}, /* typographic ' */
        {"A\xd0\x96"
         "B",
         "AB", "\xd0\x96", KIOSK_ERR_INVALID}, /* Cyrillic Ж */
        {"plain ASCII 123-/,", "plain ASCII 123-/,", "", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char out[64], bad[16];
        int rc = iaq_translit(t[i].in, out, sizeof out, bad, sizeof bad);
        if (rc != t[i].rc || strcmp(out, t[i].out) != 0 || strcmp(bad, t[i].bad) != 0)
            fail_msg("case %zu: got rc %d \"%s\" bad \"%s\", want %d \"%s\" \"%s\"", i, rc, out,
                     bad, t[i].rc, t[i].out, t[i].bad);
    }
}

static void test_ncic_text_vietnamese_and_decomposed(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(iaq_ncic_text("Nguy\xe1\xbb\x85n V\xc4\x83n", out, sizeof out), 0);
    assert_string_equal(out, "NGUYEN VAN");
    assert_int_equal(iaq_ncic_text("Nu\xcc\x81n\xcc\x83"
                                   "ez",
                                   out, sizeof out),
                     0);
    assert_string_equal(out, "NUNEZ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translit_cases),
        cmocka_unit_test(test_ncic_text_vietnamese_and_decomposed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
