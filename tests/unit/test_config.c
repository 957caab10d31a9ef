/* kiosk.ini parser (kiosk/config): every key read into struct kiosk_config,
 * every kind of bad line refused with FILE:LINE and nothing kept, the file
 * look-up order (--config, KIOSK_CONFIG, the default) and the precedence of
 * KIOSK_DB and KIOSK_KEY_DIR over the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "config/config.h"
#include "core/kiosk_err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char full_file[] = "; booking-kiosk configuration\n"
                                "# comments of both kinds\n"
                                "[database]\n"
                                "path = /var/lib/booking-kiosk/kiosk.db\n"
                                "key_dir = /etc/booking-kiosk/keys\n"
                                "\n"
                                "[scanners]\n"
                                "usb = 0c2e:0b61:hidpos\n"
                                "usb = 05E0:1200\n"
                                "usb = 5f9:4204:hidkbd\n"
                                "source = usb\n"
                                "camera = /dev/video0\n"
                                "camera_size = 1280x720\n"
                                "keyboard_gap_ms = 80\n"
                                "serial_gap_ms = 40\n"
                                "[display]\n"
                                "output = 1\n"
                                "rotation = 0\n"
                                "[hub]\n"
                                "url = postgresql://kiosk@hub.county.example/booking\n"
                                "[printer]\n"
                                "name = booking-counter\n"
                                "[backup]\n"
                                "dir = /var/backups/booking-kiosk\n"
                                "copies = 14\n";

static void test_full_file(void **state)
{
    (void)state;
    struct kiosk_config c;
    char err[256];
    assert_int_equal(config_parse_string(&c, full_file, "kiosk.ini", err, sizeof err), KIOSK_OK);
    assert_string_equal(err, "");
    assert_string_equal(c.db_path, "/var/lib/booking-kiosk/kiosk.db");
    assert_string_equal(c.key_dir, "/etc/booking-kiosk/keys");
    assert_int_equal(c.scanners.usb_count, 3);
    assert_int_equal(c.scanners.usb[0].vid, 0x0c2e);
    assert_int_equal(c.scanners.usb[0].pid, 0x0b61);
    assert_string_equal(c.scanners.usb[0].protocol, "hidpos");
    assert_int_equal(c.scanners.usb[1].vid, 0x05e0);
    assert_int_equal(c.scanners.usb[1].pid, 0x1200);
    assert_string_equal(c.scanners.usb[1].protocol, "");
    assert_int_equal(c.scanners.usb[2].vid, 0x05f9);
    assert_string_equal(c.scanners.usb[2].protocol, "hidkbd");
    assert_int_equal(c.nsources, 2);
    assert_string_equal(c.sources[0], "usb");
    assert_string_equal(c.sources[1], "camera:/dev/video0");
    assert_int_equal(c.scanners.camera_width, 1280);
    assert_int_equal(c.scanners.camera_height, 720);
    assert_int_equal(c.scanners.kbd_gap_ms, 80);
    assert_int_equal(c.scanners.serial_gap_ms, 40);
    assert_string_equal(c.output, "1");
    assert_int_equal(c.rotation, 0);
    assert_string_equal(c.hub_url, "postgresql://kiosk@hub.county.example/booking");
    assert_string_equal(c.printer, "booking-counter");
    assert_string_equal(c.backup_dir, "/var/backups/booking-kiosk");
    assert_int_equal(c.backup_copies, 14);
}

static void test_empty_file_is_unset(void **state)
{
    (void)state;
    struct kiosk_config c;
    char err[256];
    assert_int_equal(config_parse_string(&c, "", "e.ini", err, sizeof err), KIOSK_OK);
    assert_string_equal(c.db_path, "");
    assert_int_equal(c.nsources, 0);
    assert_int_equal(c.scanners.usb_count, 0);
    assert_int_equal(c.backup_copies, 0);
}

/* One bad file each: the message must start with name:line: and contain what. */
static const struct bad_case {
    const char *text;
    const char *where; /* "bad.ini:N: " */
    const char *what;
} bad_cases[] = {
    {"[database]\npath = kiosk.db\n", "bad.ini:2: ", "absolute path"},
    {"[database]\npath =\n", "bad.ini:2: ", "is empty"},
    {"[printer]\nname = ; the counter's printer\n", "bad.ini:2: ", "is empty"},
    {"[database]\npath = /a\npath = /b\n", "bad.ini:3: ", "set twice"},
    {"[database]\nfile = /a\n", "bad.ini:2: ", "unknown key 'file' in [database]"},
    {"[databse]\npath = /a\n", "bad.ini:2: ", "unknown section [databse]"},
    {"path = /a\n", "bad.ini:1: ", "before any [section]"},
    {"[scanners]\n\n\nusb = 0c2e\n", "bad.ini:4: ", "VID:PID[:protocol]"},
    {"[scanners]\nusb = 0c2e:zz\n", "bad.ini:2: ", "VID:PID[:protocol]"},
    {"[scanners]\nusb = 10c2e:0b61\n", "bad.ini:2: ", "VID:PID[:protocol]"},
    {"[scanners]\nusb = 0000:0b61\n", "bad.ini:2: ", "VID:PID[:protocol]"},
    {"[scanners]\nusb = 0c2e:0b61:serial\n", "bad.ini:2: ", "not one of hidpos, hidkbd, cdcacm"},
    {"[scanners]\nsource = bluetooth:1\n", "bad.ini:2: ", "names no scanner driver"},
    {"[scanners]\ncamera = video0\n", "bad.ini:2: ", "V4L2 device"},
    {"[scanners]\ncamera_size = 1280*720\n", "bad.ini:2: ", "WIDTHxHEIGHT"},
    {"[scanners]\ncamera_size = 100x100\n", "bad.ini:2: ", "WIDTHxHEIGHT"},
    {"[scanners]\nkeyboard_gap_ms = -5\n", "bad.ini:2: ", "whole number from 5 to 2000"},
    {"[scanners]\nserial_gap_ms = 50ms\n", "bad.ini:2: ", "whole number from 5 to 2000"},
    {"[display]\nrotation = 45\n", "bad.ini:2: ", "0, 90, 180 or 270"},
    {"[display]\nrotation = 180\n", "bad.ini:2: ", "not supported yet"},
    {"[hub]\nurl = hub.example\n", "bad.ini:2: ", "PostgreSQL address"},
    {"[hub]\nurl = https://hub.example/kiosk\n", "bad.ini:2: ", "PostgreSQL address"},
    {"[backup]\ncopies = 0\n", "bad.ini:2: ", "whole number from 1 to 365"},
    {"[backup]\ncopies = 9999999999999999999999\n", "bad.ini:2: ", "whole number from 1 to 365"},
    {"[backup]\ndir = backups\n", "bad.ini:2: ", "absolute path"},
    {"[backup]\nthis line has no equals sign\n", "bad.ini:2: ", "not a 'key = value' line"},
    {"[backup\ncopies = 3\n", "bad.ini:1: ", "not a 'key = value' line"},
    {"[scanners]\nsource = usb\nsource = usb\nsource = usb\nsource = usb\nsource = usb\n",
     "bad.ini:6: ", "more than 4 scanner sources"},
};

static void test_bad_lines(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *b = &bad_cases[i];
        struct kiosk_config c;
        char err[512];
        int rc = config_parse_string(&c, b->text, "bad.ini", err, sizeof err);
        if (rc != KIOSK_ERR_INVALID || strncmp(err, b->where, strlen(b->where)) != 0 ||
            !strstr(err, b->what))
            fail_msg("case %zu (%s): rc %d, message '%s'; wanted '%s...%s'", i, b->text, rc, err,
                     b->where, b->what);
    }
}

static void test_bad_file_keeps_nothing(void **state)
{
    (void)state;
    struct kiosk_config c;
    char err[256];
    const char *text = "[database]\npath = /var/lib/k.db\n[scanners]\nusb = 0c2e:0b61\n"
                       "[backup]\ncopies = many\n";
    assert_int_equal(config_parse_string(&c, text, "k.ini", err, sizeof err), KIOSK_ERR_INVALID);
    assert_non_null(strstr(err, "k.ini:6: [backup] copies"));
    assert_string_equal(c.db_path, "");
    assert_int_equal(c.scanners.usb_count, 0);
}

static void test_usb_line_limit(void **state)
{
    (void)state;
    char text[2048] = "[scanners]\n";
    for (int i = 0; i <= SCANNER_USB_CONFIG_MAX; i++) {
        char line[40];
        snprintf(line, sizeof line, "usb = 0c2e:%04x\n", i + 1);
        strcat(text, line);
    }
    struct kiosk_config c;
    char err[256], where[32];
    assert_int_equal(config_parse_string(&c, text, "u.ini", err, sizeof err), KIOSK_ERR_INVALID);
    snprintf(where, sizeof where, "u.ini:%d: ", SCANNER_USB_CONFIG_MAX + 2);
    assert_memory_equal(err, where, strlen(where));
    assert_non_null(strstr(err, "more than 16 usb lines"));
}

/* A line longer than inih's buffer is refused, not split into two lines;
 * the lines before and after it keep their numbers. */
static void test_long_line(void **state)
{
    (void)state;
    char text[1024];
    char longpath[400];
    memset(longpath, 'a', sizeof longpath - 1);
    longpath[0] = '/';
    longpath[sizeof longpath - 1] = '\0';
    snprintf(text, sizeof text, "[database]\n; c\npath = %s\n", longpath);
    struct kiosk_config c;
    char err[256];
    assert_int_equal(config_parse_string(&c, text, "l.ini", err, sizeof err), KIOSK_ERR_INVALID);
    assert_non_null(strstr(err, "l.ini:3: line longer than"));
    /* CRLF files and a file without a final newline read fine. */
    assert_int_equal(config_parse_string(&c, "[backup]\r\ncopies = 3\r\n[hub]\r\nurl = host=h",
                                         "crlf.ini", err, sizeof err),
                     KIOSK_OK);
    assert_int_equal(c.backup_copies, 3);
    assert_string_equal(c.hub_url, "host=h");
    /* ... and after a blank-line run the numbers are still right. */
    assert_int_equal(
        config_parse_string(&c, "\n\n\n\n[backup]\n\n\ncopies = x\n", "n.ini", err, sizeof err),
        KIOSK_ERR_INVALID);
    assert_non_null(strstr(err, "n.ini:8: "));
}

static char tmpdir[128];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_config-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_load_files(void **state)
{
    (void)state;
    char path[256], err[512];
    struct kiosk_config c;
    unsetenv("KIOSK_CONFIG");
    /* A named file that does not exist: 66, with its name. */
    snprintf(path, sizeof path, "%s/missing.ini", tmpdir);
    assert_int_equal(config_load(&c, path, err, sizeof err), KIOSK_ERR_NOT_FOUND);
    assert_non_null(strstr(err, "missing.ini"));
    /* The same through KIOSK_CONFIG. */
    setenv("KIOSK_CONFIG", path, 1);
    assert_int_equal(config_load(&c, NULL, err, sizeof err), KIOSK_ERR_NOT_FOUND);
    /* A real file through KIOSK_CONFIG; --config wins over it. */
    char other[256];
    snprintf(path, sizeof path, "%s/env.ini", tmpdir);
    snprintf(other, sizeof other, "%s/opt.ini", tmpdir);
    write_text(path, "[database]\npath = /env/k.db\n");
    write_text(other, "[database]\npath = /opt/k.db\n");
    setenv("KIOSK_CONFIG", path, 1);
    assert_int_equal(config_load(&c, NULL, err, sizeof err), KIOSK_OK);
    assert_string_equal(c.db_path, "/env/k.db");
    assert_string_equal(c.file, path);
    assert_int_equal(config_load(&c, other, err, sizeof err), KIOSK_OK);
    assert_string_equal(c.db_path, "/opt/k.db");
    /* No option, no environment: the default file, whose absence is fine. */
    unsetenv("KIOSK_CONFIG");
    bool named = true;
    assert_string_equal(config_file_path(NULL, &named), CONFIG_DEFAULT_PATH);
    assert_false(named);
    if (access(CONFIG_DEFAULT_PATH, F_OK) != 0) {
        assert_int_equal(config_load(&c, NULL, err, sizeof err), KIOSK_OK);
        assert_string_equal(c.file, "");
    }
    /* A bad file on disk names itself and the line. */
    write_text(other, "[database]\n\npath = nope\n");
    assert_int_equal(config_load(&c, other, err, sizeof err), KIOSK_ERR_INVALID);
    char where[300];
    snprintf(where, sizeof where, "%s:3: ", other);
    assert_memory_equal(err, where, strlen(where));
    /* A binary file is refused as a whole. */
    FILE *f = fopen(other, "wb");
    assert_non_null(f);
    fwrite("[hub]\0url", 1, 9, f);
    fclose(f);
    assert_int_equal(config_load(&c, other, err, sizeof err), KIOSK_ERR_INVALID);
    assert_non_null(strstr(err, "NUL byte"));
    /* An unreadable file: 77 (root reads everything, so only as a user). */
    if (geteuid() != 0) {
        write_text(other, "[hub]\nurl = host=h\n");
        chmod(other, 0);
        assert_int_equal(config_load(&c, other, err, sizeof err), KIOSK_ERR_PERM);
    }
}

static void test_precedence(void **state)
{
    (void)state;
    struct kiosk_config c;
    char err[256];
    assert_int_equal(config_parse_string(&c,
                                         "[database]\npath = /file/k.db\nkey_dir = /file/keys\n",
                                         "p.ini", err, sizeof err),
                     KIOSK_OK);
    unsetenv("KIOSK_DB");
    assert_string_equal(config_db_path(&c), "/file/k.db");
    setenv("KIOSK_DB", "/env/k.db", 1);
    assert_string_equal(config_db_path(&c), "/env/k.db");
    unsetenv("KIOSK_DB");
    struct kiosk_config empty;
    config_init(&empty);
    assert_null(config_db_path(&empty));
    /* key_dir reaches KIOSK_KEY_DIR unless the environment already says. */
    unsetenv("KIOSK_KEY_DIR");
    assert_int_equal(config_export_key_dir(&c), KIOSK_OK);
    assert_string_equal(getenv("KIOSK_KEY_DIR"), "/file/keys");
    setenv("KIOSK_KEY_DIR", "/env/keys", 1);
    assert_int_equal(config_export_key_dir(&c), KIOSK_OK);
    assert_string_equal(getenv("KIOSK_KEY_DIR"), "/env/keys");
    unsetenv("KIOSK_KEY_DIR");
    assert_int_equal(config_export_key_dir(&empty), KIOSK_OK);
    assert_null(getenv("KIOSK_KEY_DIR"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_empty_file_is_unset),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_bad_file_keeps_nothing),
        cmocka_unit_test(test_usb_line_limit),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test_setup_teardown(test_load_files, make_tmpdir, remove_tmpdir),
        cmocka_unit_test(test_precedence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
