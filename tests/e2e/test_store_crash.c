/* Crash test: a child process adds IAQ intakes in a loop and is killed with
 * SIGKILL at random moments, hundreds of times. Every add whose id the child
 * reported survives, integrity_check is ok, no intake is half-written (each
 * IAQ intake has its request, its queued event and its audit row), and the
 * audit chain holds. KIOSK_CRASH_KILLS overrides the number of kills. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/audit.h"
#include "core/intake.h"
#include "core/store_priv.h"
#include "unit/store_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_ACKED 100000

/* The child: add intakes forever, reporting each committed id on fd. */
static void child_loop(const char *path, int fd)
{
    struct store *st;
    char msg[256];
    if (store_open(path, NULL, &st, msg, sizeof msg) != KIOSK_OK)
        _exit(3);
    struct auth_actor deputy;
    if (auth_actor_local_admin(st, "D7", &deputy) != KIOSK_OK)
        _exit(4);
    for (unsigned i = 0;; i++) {
        struct intake_input in;
        memset(&in, 0, sizeof in);
        snprintf(in.booking_number, sizeof in.booking_number, "C-%d-%u", (int)getpid(), i);
        strcpy(in.charges[0], "1313");
        in.basis = INTAKE_IAQ;
        strcpy(in.iaq.family_name, "Crash");
        strcpy(in.iaq.first_name, "Test");
        strcpy(in.iaq.dob, "19800101");
        strcpy(in.iaq.sex, "U");
        strcpy(in.iaq.pob, "MM");
        strcpy(in.iaq.nationality[0], "GD"); /* also writes a consular row */
        struct iaq_problems p;
        int64_t iid, rid;
        if (intake_add(st, &deputy, &in, &p, &iid, &rid) != KIOSK_OK)
            _exit(5);
        char line[64];
        int n = snprintf(line, sizeof line, "%lld %lld\n", (long long)iid, (long long)rid);
        if (write(fd, line, (size_t)n) != n)
            _exit(6);
    }
}

static int64_t query_int(struct store *st, const char *sql)
{
    sqlite3_stmt *s;
    assert_int_equal(store_prepare(st, sql, &s), KIOSK_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void check_store(const char *path, const int64_t (*acked)[2], size_t n_acked)
{
    struct store *st;
    char msg[256];
    assert_int_equal(store_open(path, NULL, &st, msg, sizeof msg), KIOSK_OK);
    int version;
    if (store_check(st, true, &version, msg, sizeof msg) != KIOSK_OK)
        fail_msg("integrity: %s", msg);
    int64_t bad;
    if (audit_verify(st, NULL, &bad, NULL, msg, sizeof msg) != KIOSK_OK)
        fail_msg("audit: %s", msg);
    /* every reported add survived */
    sqlite3_stmt *s;
    assert_int_equal(store_prepare(st,
                                   "SELECT count(*) FROM intakes i JOIN requests r ON"
                                   " r.intake_id = i.id WHERE i.id = ?1 AND r.id = ?2",
                                   &s),
                     KIOSK_OK);
    for (size_t i = 0; i < n_acked; i++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, acked[i][0]);
        sqlite3_bind_int64(s, 2, acked[i][1]);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        if (sqlite3_column_int(s, 0) != 1)
            fail_msg("intake %lld / request %lld was reported but is gone", (long long)acked[i][0],
                     (long long)acked[i][1]);
    }
    sqlite3_finalize(s);
    /* nothing half-written */
    assert_int_equal(query_int(st, "SELECT count(*) FROM intakes i WHERE NOT EXISTS"
                                   " (SELECT 1 FROM requests r WHERE r.intake_id = i.id)"),
                     0);
    assert_int_equal(query_int(st, "SELECT count(*) FROM intakes i WHERE NOT EXISTS"
                                   " (SELECT 1 FROM consular c WHERE c.intake_id = i.id)"),
                     0);
    assert_int_equal(query_int(st, "SELECT count(*) FROM requests r WHERE NOT EXISTS"
                                   " (SELECT 1 FROM request_events e WHERE e.request_id = r.id)"),
                     0);
    assert_int_equal(query_int(st, "SELECT count(*) FROM intakes") -
                         query_int(st, "SELECT count(*) FROM audit WHERE action = 'intake.add'"),
                     0);
    store_close(st);
}

static void test_sigkill_loop(void **state)
{
    (void)state;
    struct fixture *f = fixture_create(1);
    if (!f) {
        fail();
        return;
    }
    store_close(f->st);
    f->st = NULL;
    const char *env = getenv("KIOSK_CRASH_KILLS");
    int kills = env ? atoi(env) : 300;
    int64_t(*acked)[2] = calloc(MAX_ACKED, sizeof *acked);
    assert_non_null(acked);
    size_t n_acked = 0;
    unsigned seed = (unsigned)time(NULL);
    printf("crash test: %d kills, seed %u\n", kills, seed);
    srand(seed);
    for (int k = 0; k < kills; k++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child_loop(f->path, fds[1]);
        }
        close(fds[1]);
        char buf[65536];
        size_t len = 0;
        ssize_t r;
        if (k % 10 == 0) {
            /* Every tenth child: wait for its first reported add (a loaded
             * machine may be slower than the random delays below), so adds
             * are always in flight when the kill lands. */
            struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
            while (!memchr(buf, '\n', len) && poll(&pfd, 1, 10000) > 0 &&
                   (r = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
                len += (size_t)r;
        }
        /* 0-25 ms: kills land before, during and after opening and adding */
        struct timespec ts = {0, (long)(rand() % 25000) * 1000};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (WIFEXITED(status))
            fail_msg("the child stopped by itself with status %d", WEXITSTATUS(status));
        /* Read what the child reported (a torn last line is ignored: the id
         * was not fully reported). */
        while ((r = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
            len += (size_t)r;
        close(fds[0]);
        buf[len] = '\0';
        char *line = buf;
        for (char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
            long long a, b;
            if (sscanf(line, "%lld %lld", &a, &b) == 2 && n_acked < MAX_ACKED) {
                acked[n_acked][0] = a;
                acked[n_acked][1] = b;
                n_acked++;
            }
        }
        if ((k + 1) % 100 == 0)
            check_store(f->path, (const int64_t(*)[2])acked, n_acked);
    }
    check_store(f->path, (const int64_t(*)[2])acked, n_acked);
    printf("crash test: %zu adds reported and found after %d SIGKILLs\n", n_acked, kills);
    assert_true(n_acked > 0);
    free(acked);
    fixture_destroy(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_sigkill_loop)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
