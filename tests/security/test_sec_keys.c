/* The key folder itself (issue 12): where it is by default (never beside
 * the database), the modes of what db init creates, a key file others can
 * read is refused, and the two head slots: a torn newest slot falls back to
 * the older one, and a late writer never moves the head back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "security/sec_util.h"

#include "core/keys.h"

static void test_default_dir(void **state)
{
    (void)state;
    char buf[512];
    char *saved = getenv("KIOSK_KEY_DIR") ? strdup(getenv("KIOSK_KEY_DIR")) : NULL;
    unsetenv("KIOSK_KEY_DIR");
    setenv("XDG_CONFIG_HOME", "/home/kiosk/.config", 1);
    assert_int_equal(keys_default_dir(NULL, "/var/lib/booking-kiosk/kiosk.db", buf, sizeof buf),
                     KIOSK_OK);
    assert_string_equal(buf, "/etc/booking-kiosk/keys");
    assert_int_equal(
        keys_default_dir(NULL, "/home/kiosk/.local/share/booking-kiosk/kiosk.db", buf, sizeof buf),
        KIOSK_OK);
    assert_string_equal(buf, "/home/kiosk/.config/booking-kiosk/keys");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/kiosk", 1);
    assert_int_equal(keys_default_dir(NULL, "/srv/k.db", buf, sizeof buf), KIOSK_OK);
    assert_string_equal(buf, "/home/kiosk/.config/booking-kiosk/keys");
    setenv("KIOSK_KEY_DIR", "/media/keys", 1);
    assert_int_equal(keys_default_dir(NULL, "/var/lib/booking-kiosk/kiosk.db", buf, sizeof buf),
                     KIOSK_OK);
    assert_string_equal(buf, "/media/keys");
    assert_int_equal(keys_default_dir("/opt/k", "/srv/k.db", buf, sizeof buf), KIOSK_OK);
    assert_string_equal(buf, "/opt/k");
    if (saved) {
        setenv("KIOSK_KEY_DIR", saved, 1);
        free(saved);
    }
}

static void test_modes_and_refusal(void **state)
{
    struct fixture *f = *state;
    sec_close(f);
    struct stat sb;
    assert_int_equal(stat(f->keys, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "test $(stat -c %%a '%s'/*.keys) = 600", f->keys);
    assert_int_equal(sec_sh(cmd), 0);
    snprintf(cmd, sizeof cmd, "chmod 644 '%s'/*.keys", f->keys);
    assert_int_equal(sec_sh(cmd), 0);
    char msg[256];
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_ERR_PERM);
    assert_non_null(strstr(msg, "0600"));
    snprintf(cmd, sizeof cmd, "chmod 600 '%s'/*.keys && mv '%s' '%s.gone'", f->keys, f->keys,
             f->keys);
    assert_int_equal(sec_sh(cmd), 0);
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_ERR_NOT_FOUND);
    assert_non_null(strstr(msg, "no key file for this database"));
    assert_int_equal(sec_kioskctl(f, NULL, "db check"), 66);
}

static void test_head_slots(void **state)
{
    struct fixture *f = *state;
    const char *id = "00112233445566778899aabbccddeeff";
    struct keys_head h = {.seq = 1, .keyed_from = 1}, got;
    assert_int_equal(keys_head_write(f->keys, id, &h, true), KIOSK_OK);
    h.seq = 2;
    h.hash[0] = 2;
    assert_int_equal(keys_head_write(f->keys, id, &h, false), KIOSK_OK);
    h.seq = 3;
    h.hash[0] = 3;
    assert_int_equal(keys_head_write(f->keys, id, &h, false), KIOSK_OK);
    assert_int_equal(keys_head_read(f->keys, id, &got), KIOSK_OK);
    assert_int_equal(got.seq, 3);
    /* a late writer with an older head changes nothing */
    h.seq = 2;
    assert_int_equal(keys_head_write(f->keys, id, &h, false), KIOSK_OK);
    assert_int_equal(keys_head_read(f->keys, id, &got), KIOSK_OK);
    assert_int_equal(got.seq, 3);
    /* a crash tore the newest slot: the older one answers */
    char cmd[2000];
    snprintf(cmd, sizeof cmd,
             "for s in head head2; do grep -q '^seq=3$' '%s/%s.'$s && truncate -s 40 '%s/%s.'$s;"
             " done; true",
             f->keys, id, f->keys, id);
    assert_int_equal(sec_sh(cmd), 0);
    assert_int_equal(keys_head_read(f->keys, id, &got), KIOSK_OK);
    assert_int_equal(got.seq, 2);
    assert_int_equal(got.hash[0], 2);
    /* an edited slot fails its checksum */
    snprintf(cmd, sizeof cmd, "sed -i 's/^seq=2$/seq=9/' '%s/%s.head' '%s/%s.head2'", f->keys, id,
             f->keys, id);
    assert_int_equal(sec_sh(cmd), 0);
    assert_int_equal(keys_head_read(f->keys, id, &got), KIOSK_ERR_CORRUPT);
    keys_remove(f->keys, id);
    assert_int_equal(keys_head_read(f->keys, id, &got), KIOSK_ERR_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_dir),
        cmocka_unit_test_setup_teardown(test_modes_and_refusal, sec_setup, sec_teardown),
        cmocka_unit_test_setup_teardown(test_head_slots, sec_setup, sec_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
