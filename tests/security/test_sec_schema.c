/* Finding 4 (issue 12): a backup with a planted trigger (a deputy made
 * admin on the next intake) is refused by restore, and the same trigger
 * planted in the live file is refused at open; a row edited in a backup is
 * refused by restore too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#define PLANT                                                                                      \
    "CREATE TRIGGER intake_audit_helper AFTER INSERT ON intakes"                                   \
    " BEGIN UPDATE users SET role = 'admin' WHERE badge = 'D7'; END;"

static void make_backup(struct fixture *f, char *dest, size_t len)
{
    char msg[256];
    snprintf(dest, len, "%s/backup.db", f->dir);
    assert_int_equal(store_backup(f->st, &f->admin, dest, msg, sizeof msg), KIOSK_OK);
    sec_close(f);
}

static void add_intake(struct fixture *f)
{
    sec_iaq_intake(f, "ZZPLANT", "B-P-1", "M-P");
}

static void test_planted_trigger_in_backup(void **state)
{
    struct fixture *f = *state;
    add_intake(f);
    char dest[400], msg[512];
    make_backup(f, dest, sizeof dest);
    assert_int_equal(sec_edit(dest, PLANT), SQLITE_OK);
    int rc = store_restore(dest, f->path, &f->clock, "A1", msg, sizeof msg);
    if (rc == KIOSK_OK) {
        /* restored: show what the trigger does on the next intake */
        assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
        store_test_set_pwhash_fast(f->st, true);
        assert_int_equal(auth_sign_in(f->st, "D7", "739164", &f->deputy), KIOSK_OK);
        assert_int_equal(auth_sign_in(f->st, "C3", "639172", &f->comms), KIOSK_OK);
        add_intake(f);
        sec_close(f);
        fail_msg("the planted backup was restored; D7 is now role %s",
                 sec_query_int(f->path, "SELECT role = 'admin' FROM users WHERE badge = 'D7'") == 1
                     ? "admin"
                     : "deputy");
    }
    assert_int_equal(rc, KIOSK_ERR_CORRUPT);
    assert_non_null(strstr(msg, "intake_audit_helper"));
    /* the live database was left alone */
    assert_int_equal(sec_query_int(f->path, "SELECT count(*) FROM sqlite_master WHERE name ="
                                            " 'intake_audit_helper'"),
                     0);
    /* kioskctl restore says the same with exit 65 */
    char args[600];
    snprintf(args, sizeof args, "--local-admin restore '%s'", dest);
    assert_int_equal(sec_kioskctl(f, NULL, args), 65);
    assert_non_null(strstr(sec_output(f, "err"), "trigger"));
}

static void test_planted_trigger_in_live_file(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    assert_int_equal(sec_edit(f->path, PLANT), SQLITE_OK);
    char msg[512];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_ERR_CORRUPT);
    assert_non_null(strstr(msg, "intake_audit_helper"));
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 65);
    assert_non_null(strstr(sec_output(f, "err"), "intake_audit_helper"));
    /* an index or a view planted, or one dropped, is named as well */
    assert_int_equal(sec_edit(f->path, "DROP TRIGGER intake_audit_helper;"
                                       "CREATE VIEW staff AS SELECT * FROM users;"),
                     SQLITE_OK);
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 65);
    assert_non_null(strstr(sec_output(f, "err"), "view 'staff'"));
    assert_int_equal(sec_edit(f->path, "DROP VIEW staff; DROP INDEX requests_state;"), SQLITE_OK);
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 65);
    assert_non_null(strstr(sec_output(f, "err"), "requests_state"));
}

static void test_row_edit_in_backup(void **state)
{
    struct fixture *f = *state;
    char dest[400], msg[512];
    make_backup(f, dest, sizeof dest);
    assert_int_equal(sec_edit(dest, "UPDATE users SET role = 'admin' WHERE badge = 'D7'"),
                     SQLITE_OK);
    assert_int_equal(store_restore(dest, f->path, &f->clock, "A1", msg, sizeof msg),
                     KIOSK_ERR_CORRUPT);
    assert_non_null(strstr(msg, "users row"));
    /* an untouched backup restores, and the chain holds after it */
    char good[400];
    unlink(dest);
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    make_backup(f, good, sizeof good);
    assert_int_equal(store_restore(good, f->path, &f->clock, "A1", msg, sizeof msg), KIOSK_OK);
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    int64_t bad = 0;
    assert_int_equal(audit_verify(f->st, NULL, &bad, NULL, msg, sizeof msg), KIOSK_OK);
    struct auth_actor local;
    assert_int_equal(auth_actor_local_admin(f->st, NULL, &local), KIOSK_OK);
    assert_int_equal(
        store_setting_set(f->st, &local, "desk_phone", "573-555-0100", msg, sizeof msg), KIOSK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_planted_trigger_in_backup, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_planted_trigger_in_live_file, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_row_edit_in_backup, sec_setup, sec_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
