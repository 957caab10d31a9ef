/* The security alarm bar (issue 12), in process: the audit tail is cut in
 * the demo database behind the app's back; the next sign-in is refused
 * (its audit row cannot be chained) and the red alarm bar appears on the
 * sign-in screen; tapping it shows the details. A deputy signed in before
 * the cut never sees the bar, an intact database shows none. */
#include "harness.h"

#include "core/kiosk_err.h"
#include "core/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sqlite3.h>

static void test_alarm_bar_after_tail_cut(void **state)
{
    (void)state;
    struct harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    if (h_open(h, 1280, 720, "2026-03-10T14:05:00Z") != 0)
        fail_msg("app: %s", h->err);
    assert_false(h_tap(h, APP_SECURITY_ALARM_LABEL, 0)); /* intact: no bar */
    assert_true(h_sign_in(h, "7001", "902741"));
    assert_false(h_tap(h, APP_SECURITY_ALARM_LABEL, 0));
    assert_true(h_tap(h, "Sign out", 0));
    /* someone with the file cuts the last audit rows, triggers put back */
    sqlite3 *db = store_db(h->app->st);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TRIGGER audit_no_delete;"
                                  "DELETE FROM audit WHERE seq > (SELECT max(seq) - 2 FROM audit);"
                                  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                                  " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_true(h_sign_in(h, "7001", "902741")); /* the taps happen ... */
    assert_false(h->app->signed_in);             /* ... the sign-in is refused */
    assert_non_null(store_alarm(h->app->st));
    h_pump(h);
    assert_true(h_tap(h, APP_SECURITY_ALARM_LABEL, 0));
    assert_true(h->app->alarm_details);
    h_close(h);
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alarm_bar_after_tail_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
