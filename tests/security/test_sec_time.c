/* Finding 5 (issue 12): audit rows and sign-ins carry the real time. A
 * signed-in user's report "as of" an earlier time (--now) writes no row
 * dated then; booking-kiosk takes --now only with --demo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#include <time.h>

/* 2020-01-01T00:00:00Z */
#define Y2020 ((kiosk_ms_t)1577836800000LL)

static void test_backdated_view(void **state)
{
    struct fixture *f = *state;
    sec_iaq_intake(f, "ZZBACKDATE", "B-BD-1", "M-BD");
    sec_close(f);
    int64_t before = sec_query_int(f->path, "SELECT count(*) FROM audit");
    int status = sec_kioskctl(f, "739164\\n", "--as D7 --now 2019-06-01T00:00:00Z intake show 1");
    /* the show itself may work (an "as of" view) or be refused */
    assert_true(status == 0 || status == 64);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE at < %lld", (long long)Y2020);
    assert_int_equal(sec_query_int(f->path, sql), 0);
    /* the sign-in and the view were recorded at the real time */
    assert_true(sec_query_int(f->path, "SELECT count(*) FROM audit") > before);
    kiosk_ms_t real = (kiosk_ms_t)time(NULL) * 1000;
    snprintf(sql, sizeof sql, "SELECT min(at) FROM audit WHERE seq > %lld", (long long)before);
    int64_t at = sec_query_int(f->path, sql);
    assert_true(at > real - 10 * 60 * 1000 && at < real + 10 * 60 * 1000);
    /* a change with --local-admin --now: its audit row is real time too */
    before = sec_query_int(f->path, "SELECT max(seq) FROM audit");
    assert_int_equal(sec_kioskctl(f, NULL,
                                  "--local-admin --now 2019-06-01T00:00:00Z db set desk_phone"
                                  " 573-555-0100"),
                     0);
    snprintf(sql, sizeof sql, "SELECT min(at) FROM audit WHERE seq > %lld", (long long)before);
    at = sec_query_int(f->path, sql);
    assert_true(at > real - 10 * 60 * 1000);
}

static void test_kiosk_now_needs_demo(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    const char *bin = getenv("KIOSK_BIN_DIR");
    assert_non_null(bin);
    char exe[600], cmd[2400];
    snprintf(exe, sizeof exe, "%s/booking-kiosk", bin);
    if (access(exe, X_OK) != 0)
        skip(); /* built without the UI (KIOSK_BUILD_UI=OFF) */
    snprintf(cmd, sizeof cmd,
             "SDL_VIDEODRIVER=dummy timeout 20 '%s' --db '%s' --now 2019-06-01T00:00:00Z"
             " > '%s/out.txt' 2> '%s/err.txt'",
             exe, f->path, f->dir, f->dir);
    assert_int_equal(sec_sh(cmd), 64);
    assert_non_null(strstr(sec_output(f, "err"), "--demo"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_backdated_view, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_kiosk_now_needs_demo, sec_setup, sec_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
