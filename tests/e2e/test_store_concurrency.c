/* Concurrency: two processes add intakes and transmit requests against the
 * same database at the same time (plus a third reading the backlog); no
 * SQLITE_BUSY (or any error) reaches a caller, every add and transmit lands
 * once, and the audit chain holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/audit.h"
#include "core/intake.h"
#include "core/report.h"
#include "core/request.h"
#include "core/store_priv.h"
#include "unit/store_fixture.h"

#include <sys/wait.h>

#define ROUNDS 60

/* Exit status: 0, or 10 + the index of the failing step. */
static int worker(const char *path, int who)
{
    struct store *st;
    char msg[256];
    if (store_open(path, NULL, &st, msg, sizeof msg) != KIOSK_OK)
        return 10;
    struct auth_actor deputy, comms, admin;
    if (auth_actor_local_admin(st, who ? "D8" : "D7", &deputy) != KIOSK_OK ||
        auth_actor_local_admin(st, "C3", &comms) != KIOSK_OK ||
        auth_actor_local_admin(st, "A1", &admin) != KIOSK_OK)
        return 11;
    for (int i = 0; i < ROUNDS; i++) {
        if (who == 2) {
            struct report_backlog r;
            if (report_backlog(st, &admin, &r) != KIOSK_OK)
                return 12;
            report_backlog_finish(&r);
            continue;
        }
        struct intake_input in;
        memset(&in, 0, sizeof in);
        snprintf(in.booking_number, sizeof in.booking_number, "W%d-%d", who, i);
        strcpy(in.charges[0], "1313");
        in.basis = INTAKE_IAQ;
        strcpy(in.iaq.family_name, "Busy");
        strcpy(in.iaq.dob, "19800101");
        strcpy(in.iaq.sex, "M");
        strcpy(in.iaq.pob, "MM");
        struct iaq_problems p;
        int64_t iid, rid;
        int rc = intake_add(st, &deputy, &in, &p, &iid, &rid);
        if (rc != KIOSK_OK) {
            fprintf(stderr, "worker %d add: %s\n", who, kiosk_strerror(rc));
            return 13;
        }
        rc = request_transmit(st, &comms, rid, "M", msg, sizeof msg);
        if (rc != KIOSK_OK) {
            fprintf(stderr, "worker %d transmit: %s %s\n", who, kiosk_strerror(rc), msg);
            return 14;
        }
    }
    store_close(st);
    return 0;
}

static void test_two_writers(void **state)
{
    (void)state;
    struct fixture *f = fixture_create(1);
    if (!f) {
        fail();
        return;
    }
    store_close(f->st);
    f->st = NULL;
    pid_t pids[3];
    for (int w = 0; w < 3; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0)
            _exit(worker(f->path, w));
    }
    for (int w = 0; w < 3; w++) {
        int status;
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status));
        if (WEXITSTATUS(status) != 0)
            fail_msg("worker %d failed with %d", w, WEXITSTATUS(status));
    }
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    sqlite3_stmt *s;
    assert_int_equal(
        store_prepare(f->st, "SELECT count(*), sum(state = 'transmitted') FROM requests", &s),
        KIOSK_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 2 * ROUNDS);
    assert_int_equal(sqlite3_column_int(s, 1), 2 * ROUNDS);
    sqlite3_finalize(s);
    int64_t bad;
    assert_int_equal(audit_verify(f->st, NULL, &bad, NULL, msg, sizeof msg), KIOSK_OK);
    fixture_destroy(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_two_writers)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
