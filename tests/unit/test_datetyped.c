/* Dates typed by people (core/datetyped.h): the US and ISO forms in full,
 * nothing else, and the words a screen reads them back with. */
#include "core/datetyped.h"
#include "core/kiosk_err.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void test_forms(void **state)
{
    (void)state;
    static const struct {
        const char *in, *iso;
    } t[] = {
        {"03/10/1990", "1990-03-10"},
        {"1990-03-10", "1990-03-10"},
        {"10/03/1990", "1990-10-03"},
        {"02/29/2024", "2024-02-29"},
        {"02/29/2023", ""},
        {"03/10/90", ""},
        {"19900310", ""},
        {"3/10/1990", ""},
        {"1990/03/10", ""},
        {"1990-3-10", ""},
        {"", ""},
        {"13/01/1990", ""},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char iso[11];
        int rc = date_typed_parse(t[i].in, iso);
        if (strcmp(iso, t[i].iso) != 0 || (rc == 0) != (t[i].iso[0] != 0))
            fail_msg("\"%s\": rc %d \"%s\", want \"%s\"", t[i].in, rc, iso, t[i].iso);
    }
    assert_int_equal(date_typed_parse(NULL, (char[11]){0}), KIOSK_ERR_INVALID);
}

static void test_words(void **state)
{
    (void)state;
    char w[40];
    assert_string_equal(date_typed_words("1990-03-10", w, sizeof w), "10 March 1990");
    assert_string_equal(date_typed_words("2024-12-01", w, sizeof w), "1 December 2024");
    assert_string_equal(date_typed_words("03/10/1990", w, sizeof w), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_forms), cmocka_unit_test(test_words)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
