/* Finding 6 (issue 12): a purge while the kiosk has the database open (a
 * second connection, idle between reads as the app is) leaves no name, date
 * of birth or identifier in the main file or the WAL, and the audit trail
 * never carried the MULES reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#define NAME  "ZZPURGEDNAME"
#define MULES "MULES7Q4X9"
#define DOB   "19810417"

static void test_purge_with_app_open(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    int64_t rid = sec_iaq_intake(f, NAME, "B-PURGE-1", MULES);
    f->now += 60 * 1000;
    assert_int_equal(request_respond(f->st, &f->comms, rid, "no_record",
                                     "NO RECORD FOUND FOR " NAME, msg, sizeof msg),
                     KIOSK_OK);
    f->now += 60 * 1000;
    assert_int_equal(request_close(f->st, &f->deputy, rid, msg, sizeof msg), KIOSK_OK);
    /* the kiosk: another connection with the file open, reading now and then */
    sqlite3 *app;
    assert_int_equal(sqlite3_open_v2(f->path, &app, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(app, "SELECT count(*) FROM requests", NULL, NULL, NULL),
                     SQLITE_OK);
    char wal[400];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    assert_true(sec_file_has(wal, NAME) || sec_file_has(f->path, NAME)); /* it was there */
    f->now += 400LL * KIOSK_MS_PER_DAY;
    int64_t purged = 0;
    assert_int_equal(store_purge(f->st, &f->admin, 365, &purged), KIOSK_OK);
    assert_int_equal(purged, 1);
    /* while both connections are still open */
    assert_false(sec_file_has(f->path, NAME));
    assert_false(sec_file_has(wal, NAME));
    assert_false(sec_file_has(f->path, MULES));
    assert_false(sec_file_has(wal, MULES));
    assert_false(sec_file_has(f->path, DOB));
    assert_false(sec_file_has(wal, DOB));
    assert_int_equal(sqlite3_exec(app, "SELECT count(*) FROM requests", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(app);
    sec_close(f);
    assert_int_equal(sec_query_int(f->path, "SELECT count(*) FROM audit WHERE details LIKE"
                                            " '%" MULES "%' OR object LIKE '%" MULES "%'"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_purge_with_app_open, sec_setup, sec_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
