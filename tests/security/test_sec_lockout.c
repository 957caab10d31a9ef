/* Finding 2 (issue 12): 40 wrong PINs in parallel processes, then the
 * right one: at most AUTH_LOCK_FAILURES PINs are ever evaluated and the
 * right PIN, sent once the wrong ones are under way, is refused because the
 * user is locked. The user's PIN has the production argon2id cost so the
 * slow hash opens the window the race needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#include <signal.h>
#include <time.h>

#define WRONG     40
#define RIGHT_PIN "864209"

/* One attempt in a child process: waits for the start byte on fd, signs
 * in, exits 0 (signed in), 1 (wrong PIN), 2 (locked), 3 (other). */
static void attempt(const char *path, const char *pin, int fd, int delay_ms)
{
    char msg[256], go;
    struct store *st;
    if (store_open(path, NULL, &st, msg, sizeof msg) != KIOSK_OK)
        _exit(3);
    if (read(fd, &go, 1) != 1)
        _exit(3);
    if (delay_ms) {
        struct timespec ts = {delay_ms / 1000, (long)(delay_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    struct auth_actor a;
    int rc = auth_sign_in(st, "L1", pin, &a);
    store_close(st);
    _exit(rc == KIOSK_OK ? 0 : rc == KIOSK_ERR_PERM ? 1 : rc == KIOSK_ERR_LOCKED ? 2 : 3);
}

static void test_parallel_wrong_pins_then_right(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    store_test_set_pwhash_fast(f->st, false); /* production cost for this user */
    struct auth_actor local;
    assert_int_equal(auth_actor_local_admin(f->st, NULL, &local), KIOSK_OK);
    assert_int_equal(auth_user_add(f->st, &local, "L1", "Lee Lockout", AUTH_ROLE_ADMIN, RIGHT_PIN,
                                   NULL, msg, sizeof msg),
                     KIOSK_OK);
    sec_close(f);
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pids[WRONG + 1];
    for (int i = 0; i <= WRONG; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            close(pipefd[1]);
            char pin[16];
            snprintf(pin, sizeof pin, "5%05d", 1000 + i * 7);
            /* the right PIN goes last, once the wrong ones are under way */
            attempt(f->path, i == WRONG ? RIGHT_PIN : pin, pipefd[0], i == WRONG ? 400 : 0);
        }
    }
    close(pipefd[0]);
    /* every child has its connection: start them all at once */
    sleep(1);
    char go[WRONG + 1];
    memset(go, 'g', sizeof go);
    assert_int_equal(write(pipefd[1], go, sizeof go), (ssize_t)sizeof go);
    close(pipefd[1]);
    int evaluated_wrong = 0, locked = 0, right_status = -1;
    for (int i = 0; i <= WRONG; i++) {
        int status;
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        int code = WEXITSTATUS(status);
        assert_int_not_equal(code, 3);
        if (i == WRONG) {
            right_status = code;
            continue;
        }
        assert_int_not_equal(code, 0);
        evaluated_wrong += code == 1;
        locked += code == 2;
    }
    printf("wrong PINs evaluated: %d, refused as locked: %d, right PIN: %s\n", evaluated_wrong,
           locked,
           right_status == 0   ? "ACCEPTED"
           : right_status == 2 ? "locked"
                               : "refused");
    assert_int_equal(right_status, 2);
    assert_true(evaluated_wrong + locked == WRONG);
    /* at most 5 wrong PINs were checked (the 5th locks and says so) */
    assert_true(sec_query_int(f->path, "SELECT count(*) FROM audit WHERE action = 'auth.sign_in'"
                                       " AND actor_badge = 'L1' AND details LIKE 'wrong PIN%'") <=
                AUTH_LOCK_FAILURES);
    assert_int_equal(sec_query_int(f->path, "SELECT locked_at IS NOT NULL FROM users WHERE badge"
                                            " = 'L1'"),
                     1);
    /* and the right PIN still does not open it afterwards */
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    struct auth_actor a;
    assert_int_equal(auth_sign_in(f->st, "L1", RIGHT_PIN, &a), KIOSK_ERR_LOCKED);
}

/* The right PIN clears the reserved failures: four wrong ones and the right
 * one leave the user unlocked with no failure counted. */
static void test_right_pin_clears_reservations(void **state)
{
    struct fixture *f = *state;
    struct auth_actor a;
    for (int i = 0; i < AUTH_LOCK_FAILURES - 1; i++)
        assert_int_equal(auth_sign_in(f->st, "D7", "555111", &a), KIOSK_ERR_PERM);
    assert_int_equal(auth_sign_in(f->st, "D7", "739164", &a), KIOSK_OK);
    assert_int_equal(auth_sign_in(f->st, "D7", "555111", &a), KIOSK_ERR_PERM);
    sec_close(f);
    assert_int_equal(sec_query_int(f->path, "SELECT count(*) FROM sign_in_failures f JOIN users u"
                                            " ON u.id = f.user_id WHERE u.badge = 'D7'"),
                     1);
    /* an unknown badge is refused like a wrong PIN (and audited) */
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(auth_sign_in(f->st, "NOBODY", "739164", &a), KIOSK_ERR_PERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_parallel_wrong_pins_then_right, sec_setup,
                                        sec_teardown),
        cmocka_unit_test_setup_teardown(test_right_pin_clears_reservations, sec_setup,
                                        sec_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
