/* The file itself (issue 12): a database owned by another user or writable
 * by group or others is refused (exit 77); a full disk says "disk full"
 * (exit 74), tested on a small tmpfs when running as root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#include <errno.h>
#include <sys/mount.h>

static void test_group_writable_refused(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    char msg[256];
    assert_int_equal(chmod(f->path, 0664), 0);
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_ERR_PERM);
    assert_non_null(strstr(msg, "writable by group or others"));
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 77);
    assert_int_equal(chmod(f->path, 0606), 0);
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 77);
    assert_int_equal(chmod(f->path, 0600), 0);
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 0);
}

static void test_other_owner_refused(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    if (geteuid() != 0)
        skip(); /* only root can give the file away */
    char msg[256];
    assert_int_equal(chown(f->path, 65534, 65534), 0);
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_ERR_PERM);
    assert_non_null(strstr(msg, "belongs to another user"));
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 77);
    assert_int_equal(chown(f->path, 0, 0), 0);
}

/* The tmpfs of test_disk_full, unmounted by its teardown also when an
 * assertion ends the test early. */
static char small_fs[64];

static int teardown_small_fs(void **state)
{
    if (small_fs[0]) {
        umount2(small_fs, MNT_DETACH);
        rmdir(small_fs);
        small_fs[0] = '\0';
    }
    return sec_teardown(state);
}

static void test_disk_full(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    if (geteuid() != 0)
        skip(); /* a tmpfs needs root; CI runs the suite as root */
    char mnt[64] = "/tmp/kiosk-full-XXXXXX";
    assert_non_null(mkdtemp(mnt));
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=384k") != 0) {
        rmdir(mnt);
        fprintf(stderr, "cannot mount a tmpfs (%s): skipping\n", strerror(errno));
        skip();
    }
    snprintf(small_fs, sizeof small_fs, "%s", mnt);
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/kiosk.db' && chmod 600 '%s/kiosk.db'", f->path, mnt,
             mnt);
    assert_int_equal(sec_sh(cmd), 0);
    snprintf(f->path, sizeof f->path, "%s/kiosk.db", mnt);
    assert_int_equal(sec_kioskctl(f, NULL, "--local-admin db set desk_phone 573-555-0100"), 0);
    /* the kiosk has it open (its WAL and shared memory stay): the write
     * itself meets the full disk */
    sqlite3 *holder;
    assert_int_equal(sqlite3_open_v2(f->path, &holder, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(holder, "SELECT count(*) FROM users", NULL, NULL, NULL),
                     SQLITE_OK);
    snprintf(cmd, sizeof cmd, "dd if=/dev/zero of='%s/filler' bs=4k 2>/dev/null; true", mnt);
    assert_int_equal(sec_sh(cmd), 0);
    for (int round = 0; round < 2; round++) {
        int status = 0;
        char args[200];
        for (int i = 0; i < 64 && status == 0; i++) {
            snprintf(args, sizeof args, "--local-admin db set desk_phone 573-555-%04d",
                     1000 + 100 * round + i);
            status = sec_kioskctl(f, NULL, args);
        }
        const char *err = sec_output(f, "err");
        fprintf(stderr, "kioskctl on a full disk (%s): exit %d: %s",
                round ? "nothing else open" : "kiosk open", status, err);
        assert_int_equal(status, 74);
        assert_non_null(strstr(err, "disk full"));
        /* then with nothing else holding it: the open meets the full disk */
        sqlite3_close(holder);
        holder = NULL;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_group_writable_refused, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_other_owner_refused, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_disk_full, sec_setup, teardown_small_fs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
