/* Tamper tests for the audit trail: rows edited, deleted, reordered or cut
 * off the end with the `sqlite3` tool (after dropping the append-only
 * triggers, as an attacker would) are each caught by audit_verify() and by
 * `kioskctl audit verify` (exit 65), naming the first bad row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/audit.h"
#include "core/intake.h"
#include "core/request.h"
#include "store_fixture.h"

#include <sys/wait.h>

static char sqlite3_tool[256];

static void build_history(struct fixture *f)
{
    struct intake_input in;
    struct iaq_problems p;
    char msg[256];
    for (int i = 0; i < 3; i++) {
        memset(&in, 0, sizeof in);
        snprintf(in.booking_number, sizeof in.booking_number, "B-%d", i);
        strcpy(in.charges[0], "1313");
        in.basis = INTAKE_IAQ;
        strcpy(in.iaq.family_name, "Doe");
        strcpy(in.iaq.dob, "19900506");
        strcpy(in.iaq.sex, "F");
        strcpy(in.iaq.pob, "MM");
        int64_t iid, rid;
        assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
        f->now += 1000;
        assert_int_equal(request_transmit(f->st, &f->comms, rid, "M", msg, sizeof msg), KIOSK_OK);
    }
}

static int sh(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Copies the fixture's database to a scratch file, runs sql on it with the
 * sqlite3 tool, and returns the first bad row audit_verify reports (0 when
 * the chain holds). Also checks `kioskctl audit verify` agrees. */
static int64_t tamper(struct fixture *f, const char *name, const char *sql)
{
    char copy[400], cmd[2048], msg[256];
    snprintf(copy, sizeof copy, "%s/%s.db", f->dir, name);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && '%s' '%s' \"%s\" >/dev/null", f->path, copy,
             sqlite3_tool, copy, sql);
    assert_int_equal(sh(cmd), 0);
    struct store *st;
    int64_t bad = -1, rows = 0;
    int rc = store_open(copy, &f->clock, &st, msg, sizeof msg);
    if (rc == KIOSK_ERR_CORRUPT) {
        /* refused at open: the schema (e.g. the append-only triggers) differs */
        assert_non_null(strstr(msg, "trigger"));
        bad = INT64_MAX;
    } else {
        assert_int_equal(rc, KIOSK_OK);
        rc = audit_verify(st, NULL, &bad, &rows, msg, sizeof msg);
        store_close(st);
    }
    assert_true(rc == KIOSK_OK || rc == KIOSK_ERR_CORRUPT);
    assert_int_equal(rc == KIOSK_OK, bad == 0);
    if (bad && bad != INT64_MAX)
        assert_non_null(strstr(msg, "row"));
    const char *bin = getenv("KIOSK_BIN_DIR");
    if (bin) {
        char out[400];
        snprintf(out, sizeof out, "%s/%s.out", f->dir, name);
        snprintf(cmd, sizeof cmd, "'%s/kioskctl' --db '%s' --local-admin audit verify > '%s' 2>&1",
                 bin, copy, out);
        int status = sh(cmd);
        assert_int_equal(status, bad ? 65 : 0);
        if (bad && bad != INT64_MAX) {
            char want[512];
            snprintf(want, sizeof want, "grep -q 'row %lld' '%s'", (long long)bad, out);
            assert_int_equal(sh(want), 0);
        }
    }
    return bad;
}

static int setup(void **state)
{
    struct fixture *f = fixture_create(1);
    if (!f)
        return -1;
    build_history(f);
    /* Close so the copies are complete files (WAL checkpointed). */
    store_close(f->st);
    f->st = NULL;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_destroy(*state);
    return 0;
}

#define UNLOCK "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
/* The attacker puts the triggers back exactly as they were (schema
 * verification at open refuses any other body). */
#define RELOCK                                                                                     \
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"                                        \
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"                               \
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"                                        \
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"

static int64_t audit_rows(struct store *st)
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT count(*) FROM audit", -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* A screen refreshing a list is one view per user per 15 minutes, not one
 * audit row per refresh; another user, or the same user later, is a new view. */
static void test_repeated_view_is_one_row(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    store_test_set_audit_clock(f->st, &f->clock);
    struct request_row *rows = NULL;
    size_t n = 0;
    int64_t before = audit_rows(f->st);
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    free(rows);
    assert_int_equal(audit_rows(f->st), before + 1);
    for (int i = 0; i < 5; i++) {
        f->now += 15 * 1000;
        assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
        free(rows);
    }
    assert_int_equal(audit_rows(f->st), before + 1);
    /* a different filter is a different view */
    assert_int_equal(request_list(f->st, &f->comms, REQUEST_QUEUED, &rows, &n), KIOSK_OK);
    free(rows);
    assert_int_equal(audit_rows(f->st), before + 2);
    assert_int_equal(request_list(f->st, &f->supervisor, 0, &rows, &n), KIOSK_OK);
    free(rows);
    assert_int_equal(audit_rows(f->st), before + 3);
    f->now += 16 * 60 * 1000;
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    free(rows);
    assert_int_equal(audit_rows(f->st), before + 4);
    /* a row stamped in the future (a clock set wrong) hides no later view */
    kiosk_ms_t real = f->now;
    f->now += 365LL * 24 * 3600 * 1000;
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    free(rows);
    assert_int_equal(audit_rows(f->st), before + 5);
    f->now = real + 20 * 60 * 1000;
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    free(rows);
    assert_int_equal(audit_rows(f->st), before + 6);
    int64_t bad = -1;
    assert_int_equal(audit_verify(f->st, NULL, &bad, NULL, msg, sizeof msg), KIOSK_OK);
}

static void test_untouched_chain_holds(void **state)
{
    assert_int_equal(tamper(*state, "none", "SELECT 1;"), 0);
}

static void test_triggers_refuse_changes(void **state)
{
    struct fixture *f = *state;
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "'%s' '%s' \"UPDATE audit SET details = 'x' WHERE seq = 3;\" 2>/dev/null",
             sqlite3_tool, f->path);
    assert_int_not_equal(sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "'%s' '%s' \"DELETE FROM audit WHERE seq = 3;\" 2>/dev/null",
             sqlite3_tool, f->path);
    assert_int_not_equal(sh(cmd), 0);
    assert_int_equal(tamper(f, "after-refused", "SELECT 1;"), 0);
}

static void test_edit_detected(void **state)
{
    assert_int_equal(tamper(*state, "edit",
                            UNLOCK "UPDATE audit SET actor_badge = 'ZZ9' WHERE seq = 10;" RELOCK),
                     10);
    assert_int_equal(
        tamper(*state, "edit-time", UNLOCK "UPDATE audit SET at = at + 10 WHERE seq = 12;" RELOCK),
        12);
    assert_int_equal(tamper(*state, "edit-first",
                            UNLOCK "UPDATE audit SET outcome = 'denied' WHERE seq = 1;" RELOCK),
                     1);
}

static void test_delete_detected(void **state)
{
    assert_int_equal(tamper(*state, "delete", UNLOCK "DELETE FROM audit WHERE seq = 7;" RELOCK), 8);
    /* cutting rows off the end is caught by the recorded head */
    int64_t bad =
        tamper(*state, "truncate",
               UNLOCK "DELETE FROM audit WHERE seq >= (SELECT max(seq) - 1 FROM audit);" RELOCK);
    assert_true(bad > 1);
}

static void test_reorder_detected(void **state)
{
    /* swap rows 5 and 6 wholesale (their hashes move with them) */
    assert_int_equal(tamper(*state, "reorder",
                            UNLOCK "UPDATE audit SET seq = -5 WHERE seq = 5;"
                                   "UPDATE audit SET seq = 5 WHERE seq = 6;"
                                   "UPDATE audit SET seq = 6 WHERE seq = -5;" RELOCK),
                     5);
    /* swap the contents but keep the hashes in place */
    assert_int_equal(tamper(*state, "swap",
                            UNLOCK
                            "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (8, 9);"
                            "UPDATE audit SET action = (SELECT action FROM t WHERE seq = 9),"
                            " object = (SELECT object FROM t WHERE seq = 9) WHERE seq = 8;"
                            "UPDATE audit SET action = (SELECT action FROM t WHERE seq = 8),"
                            " object = (SELECT object FROM t WHERE seq = 8) WHERE seq = 9;" RELOCK),
                     8);
}

static void test_dropped_triggers_detected(void **state)
{
    assert_true(tamper(*state, "notriggers", UNLOCK) > 0);
    /* triggers put back with another body are refused too */
    assert_true(tamper(*state, "othertriggers",
                       UNLOCK "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT"
                              " 1; END; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                              " BEGIN SELECT 1; END;") > 0);
}

int main(void)
{
    const char *cands[] = {"/usr/bin/sqlite3", "/usr/local/bin/sqlite3", NULL};
    for (int i = 0; cands[i]; i++)
        if (access(cands[i], X_OK) == 0)
            snprintf(sqlite3_tool, sizeof sqlite3_tool, "%s", cands[i]);
    if (!sqlite3_tool[0]) {
        fprintf(stderr, "sqlite3 tool not installed: skipping\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_untouched_chain_holds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_view_is_one_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_triggers_refuse_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_detected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_detected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reorder_detected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dropped_triggers_detected, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
