/* Tests for the code tables compiled from assets/codes/: sizes match the CSV
 * files, every look-up finds every row of its table and nothing else, and the
 * look-alike codes the brief warns about resolve to the right places. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/codes.h"

static void test_table_sizes(void **state)
{
    (void)state;
    assert_int_equal(codes_iin_count, 73);
    assert_int_equal(codes_offense_count, 464);
    assert_int_equal(codes_place_count, 380);
    assert_int_equal(codes_consular_count, 79);
}

static void test_every_row_is_found(void **state)
{
    (void)state;
    for (size_t i = 0; i < codes_iin_count; i++)
        assert_ptr_equal(codes_iin_find(codes_iin[i].iin), &codes_iin[i]);
    for (size_t i = 0; i < codes_offense_count; i++)
        assert_ptr_equal(codes_offense_find(codes_offense[i].code), &codes_offense[i]);
    for (size_t i = 0; i < codes_place_count; i++)
        assert_ptr_equal(codes_place_find(codes_place[i].code), &codes_place[i]);
    for (size_t i = 0; i < codes_consular_count; i++)
        assert_ptr_equal(codes_consular_find(codes_consular[i].code), &codes_consular[i]);
}

static void test_iin(void **state)
{
    (void)state;
    const struct code_iin *az = codes_iin_find("636026");
    assert_non_null(az);
    assert_string_equal(az->jurisdiction, "AZ");
    assert_string_equal(az->country, "USA");
    /* only the first 6 bytes count: an IIN inside a longer header */
    assert_ptr_equal(codes_iin_find("63602608"), az);
    assert_null(codes_iin_find("636099"));
    assert_null(codes_iin_find("111111"));
    assert_null(codes_iin_find("000000"));
    assert_null(codes_iin_find("63602"));
    assert_null(codes_iin_find("63602a"));
    assert_null(codes_iin_find(""));
    assert_null(codes_iin_find(NULL));
    assert_string_equal(codes_iin_find("990876")->jurisdiction, "AB");
}

static void test_look_alikes(void **state)
{
    (void)state;
    assert_string_equal(codes_place_find("GA")->kind, "us_state");
    assert_string_equal(codes_place_find("GD")->kind, "country");
    assert_non_null(codes_consular_find("GD"));
    assert_null(codes_consular_find("GA"));
    assert_non_null(codes_consular_find("UN")); /* United Kingdom */
    assert_null(codes_consular_find("DR"));     /* Dominican Republic is not on the list */
    assert_non_null(codes_consular_find("DM")); /* Dominica is */
    assert_string_equal(codes_offense_find("0399")->literal, "IMMIGRATION");
    assert_null(codes_offense_find("8002"));
    assert_non_null(codes_misc_find("SEX", "U"));
    assert_null(codes_misc_find("RAC", "W")); /* no race field is collected */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_sizes),
        cmocka_unit_test(test_every_row_is_found),
        cmocka_unit_test(test_iin),
        cmocka_unit_test(test_look_alikes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
