/* `kioskctl id parse` end to end on the demo payloads: exit statuses 0, 65,
 * 64, 66, the JSON object on stdout, stdin input, --today and --help. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char kioskctl[1024], demo[1024];

/* Runs a shell command, captures stdout into out; returns the exit status. */
static int run(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_parse_json(void **state)
{
    (void)state;
    char cmd[4096], out[8192];
    snprintf(cmd, sizeof cmd, "%s id parse --json --today 2026-11-27 %s/licence-valid-az.txt",
             kioskctl, demo);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    json_error_t e;
    json_t *o = json_loads(out, 0, &e);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "family_name")), "SAMPLE");
    json_t *v = json_object_get(o, "verdict");
    assert_true(json_is_true(json_object_get(v, "valid_government_id")));
    assert_string_equal(json_string_value(json_object_get(v, "as_of")), "2026-11-27");
    json_decref(o);

    snprintf(cmd, sizeof cmd, "%s id parse --json --today 2026-11-27 %s/licence-expired.txt",
             kioskctl, demo);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    o = json_loads(out, 0, &e);
    assert_non_null(o);
    v = json_object_get(o, "verdict");
    assert_true(json_is_false(json_object_get(v, "valid_government_id")));
    json_t *r0 = json_array_get(json_object_get(v, "reasons"), 0);
    assert_string_equal(json_string_value(json_object_get(r0, "code")), "EXPIRED");
    assert_string_equal(json_string_value(json_object_get(r0, "message")), "expired on 2021-05-10");
    json_decref(o);

    /* stdin, damaged payload: repairs listed */
    snprintf(cmd, sizeof cmd, "%s id parse --json - < %s/licence-damaged.txt", kioskctl, demo);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"rs_as_6\""));
    assert_non_null(strstr(out, "\"cr_as_M\""));
}

static void test_exit_codes(void **state)
{
    (void)state;
    char cmd[4096], out[8192];
    snprintf(cmd, sizeof cmd, "%s id parse --json %s/not-a-licence.txt 2>/dev/null", kioskctl,
             demo);
    assert_int_equal(run(cmd, out, sizeof out), 65);
    json_error_t e;
    json_t *o = json_loads(out, 0, &e);
    assert_non_null(o);
    assert_non_null(json_string_value(json_object_get(o, "error")));
    json_decref(o);
    snprintf(cmd, sizeof cmd, "%s id parse %s/not-a-licence.txt 2>&1", kioskctl, demo);
    assert_int_equal(run(cmd, out, sizeof out), 65);
    assert_non_null(strstr(out, "not a driver licence"));
    snprintf(cmd, sizeof cmd, "%s id parse %s/no-such-file.txt 2>/dev/null", kioskctl, demo);
    assert_int_equal(run(cmd, out, sizeof out), 66);
    snprintf(cmd, sizeof cmd, "%s id parse --frobnicate 2>/dev/null", kioskctl);
    assert_int_equal(run(cmd, out, sizeof out), 64);
    snprintf(cmd, sizeof cmd, "%s id parse --today 2026-02-30 %s/licence-valid-az.txt 2>/dev/null",
             kioskctl, demo);
    assert_int_equal(run(cmd, out, sizeof out), 64);
    snprintf(cmd, sizeof cmd, "%s id parse --help", kioskctl);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "usage: kioskctl id parse"));
    /* a folder given as the file: 66 and a sentence that says so */
    snprintf(cmd, sizeof cmd, "%s id parse '%s' 2>&1", kioskctl, demo);
    assert_int_equal(run(cmd, out, sizeof out), 66);
    assert_non_null(strstr(out, "is a folder, not a file"));
    snprintf(cmd, sizeof cmd, "%s help id", kioskctl);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "--today"));
}

int main(void)
{
    const char *bin = getenv("KIOSK_BIN_DIR"), *t = getenv("KIOSK_TEST_DIR");
    /* CTest always sets both and builds kioskctl first (add_dependencies):
     * anything missing is a broken build, a failure, never a skip. */
    if (!bin || !t) {
        fprintf(stderr, "FAIL: KIOSK_BIN_DIR/KIOSK_TEST_DIR not set (run through ctest)\n");
        return 1;
    }
    snprintf(kioskctl, sizeof kioskctl, "%s/kioskctl", bin);
    snprintf(demo, sizeof demo, "%s/../assets/demo", t);
    if (access(kioskctl, X_OK) != 0) {
        fprintf(stderr, "FAIL: kioskctl not built at %s\n", kioskctl);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_json),
        cmocka_unit_test(test_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
