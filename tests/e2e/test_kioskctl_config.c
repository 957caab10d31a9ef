/* kioskctl with a kiosk.ini, end to end through the real binary: the file
 * names the database (`db path`, `db init`, `db check`), --db and KIOSK_DB
 * override it, bad and missing files exit 65/66 naming FILE:LINE, --version
 * of both programs, and `backup --rotate` keeping the newest N copies in
 * the configured folder. booking-kiosk (SDL's dummy video driver) takes its
 * database, scanner sources and display output from the same file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e/cli_run.h"

static char bin_dir[512], dir[256], ini[300], out[300], err[300];

/* Runs `ENV kioskctl ARGS` (env may be ""); returns the exit status. */
static int run(const char *env, const char *prog, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "env -u KIOSK_DB -u KIOSK_CONFIG %s '%s/%s' %s > '%s' 2> '%s'", env,
             bin_dir, prog, args, out, err);
    return cli_sh(cmd);
}

static char *slurp(const char *path)
{
    static char buf[65536];
    return cli_slurp(path, buf, sizeof buf);
}

#define EXPECT(status, env, args)                                                                  \
    CLI_EXPECT(status, run(env, "kioskctl", args), args, slurp(out), slurp(err))

static void write_ini(const char *text)
{
    FILE *f = fopen(ini, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    const char *b = getenv("KIOSK_BIN_DIR");
    snprintf(bin_dir, sizeof bin_dir, "%s", b ? b : "build/bin");
    snprintf(dir, sizeof dir, "/tmp/test_kioskctl_config-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(ini, sizeof ini, "%s/kiosk.ini", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(err, sizeof err, "%s/err", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_version(void **state)
{
    (void)state;
    EXPECT(0, "", "--version");
    assert_non_null(strstr(slurp(out), "kioskctl 0."));
    char path[600];
    snprintf(path, sizeof path, "%s/booking-kiosk", bin_dir);
    if (access(path, X_OK) == 0) {
        assert_int_equal(run("", "booking-kiosk", "--version"), 0);
        assert_non_null(strstr(slurp(out), "booking-kiosk 0."));
    }
}

static void test_db_from_file(void **state)
{
    (void)state;
    char text[1024], args[1024], want[400];
    snprintf(text, sizeof text, "[database]\npath = %s/data/kiosk.db\n", dir);
    write_ini(text);
    snprintf(want, sizeof want, "%s/data/kiosk.db\n", dir);
    snprintf(args, sizeof args, "--config '%s' db path", ini);
    EXPECT(0, "", args);
    assert_string_equal(slurp(out), want);
    /* KIOSK_CONFIG finds the same file. */
    char env[600];
    snprintf(env, sizeof env, "KIOSK_CONFIG='%s'", ini);
    EXPECT(0, env, "db path");
    assert_string_equal(slurp(out), want);
    /* db init creates it there (folder 0700), db check passes. */
    EXPECT(66, env, "db check");
    EXPECT(0, env, "db init");
    want[strlen(want) - 1] = '\0';
    assert_non_null(strstr(slurp(out), want));
    struct stat sb;
    char data[400];
    snprintf(data, sizeof data, "%s/data", dir);
    assert_int_equal(stat(data, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    EXPECT(0, env, "db check");
    assert_non_null(strstr(slurp(out), "ok: "));
    /* --db beats KIOSK_DB beats the file. */
    snprintf(args, sizeof args, "--db %s/opt.db db path", dir);
    EXPECT(0, env, args);
    snprintf(want, sizeof want, "%s/opt.db\n", dir);
    assert_string_equal(slurp(out), want);
    char env2[900];
    snprintf(env2, sizeof env2, "%s KIOSK_DB='%s/env.db'", env, dir);
    EXPECT(0, env2, "db path");
    snprintf(want, sizeof want, "%s/env.db\n", dir);
    assert_string_equal(slurp(out), want);
}

/* [hub] url is what `station join --name NAME` joins when no URL is given:
 * here a hub nobody listens at (a socket folder that does not exist), so
 * the join fails with 69 naming that socket; without the key, a usage
 * error says where the URL goes. An http:// address is refused at load. */
static void test_hub_url_from_file(void **state)
{
    (void)state;
    char text[1024], env[600];
    snprintf(text, sizeof text,
             "[database]\npath = %s/hub.db\nkey_dir = %s/hubkeys\n"
             "[hub]\nurl = host=%s/no-hub-here dbname=booking connect_timeout=2\n",
             dir, dir, dir);
    write_ini(text);
    snprintf(env, sizeof env, "-u KIOSK_KEY_DIR KIOSK_CONFIG='%s'", ini);
    EXPECT(0, env, "db init");
    EXPECT(69, env, "--local-admin station join --name B");
    char sock[400];
    snprintf(sock, sizeof sock, "%s/no-hub-here", dir);
    assert_non_null(strstr(slurp(err), sock));
    EXPECT(0, env, "--local-admin station list");
    assert_non_null(strstr(slurp(out), "not joined"));
    /* the keys went to the file's key folder */
    char keys[400];
    snprintf(keys, sizeof keys, "%s/hubkeys", dir);
    struct stat sb;
    assert_int_equal(stat(keys, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    snprintf(text, sizeof text, "[database]\npath = %s/hub.db\nkey_dir = %s/hubkeys\n", dir, dir);
    write_ini(text);
    EXPECT(64, env, "--local-admin station join --name B");
    assert_non_null(strstr(slurp(err), "set [hub] url in kiosk.ini"));
    write_ini("[hub]\nurl = https://hub.county.example/kiosk\n");
    EXPECT(65, env, "db path");
    assert_non_null(strstr(slurp(err), "PostgreSQL address"));
}

static void test_bad_and_missing_files(void **state)
{
    (void)state;
    char args[1024], where[400];
    write_ini("[database]\npath = /tmp/x.db\n\n[scanners]\nusb = 0c2e-0b61\n");
    snprintf(args, sizeof args, "--config '%s' db path", ini);
    EXPECT(65, "", args);
    snprintf(where, sizeof where, "kioskctl: %s:5: [scanners] usb wants VID:PID", ini);
    assert_non_null(strstr(slurp(err), where));
    assert_string_equal(slurp(out), "");
    /* help still works with a broken file */
    snprintf(args, sizeof args, "--config '%s' help", ini);
    EXPECT(0, "", args);
    snprintf(args, sizeof args, "--config '%s/none.ini' db path", dir);
    EXPECT(66, "", args);
    assert_non_null(strstr(slurp(err), "none.ini: cannot read the configuration"));
    EXPECT(64, "", "--config");
}

static int count_copies(const char *folder)
{
    DIR *d = opendir(folder);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strncmp(e->d_name, "kiosk-", 6) == 0;
    if (d)
        closedir(d);
    return n;
}

static void test_backup_rotate(void **state)
{
    (void)state;
    char text[1024], env[600], backups[400], keep[500];
    snprintf(backups, sizeof backups, "%s/backups", dir);
    snprintf(text, sizeof text, "[database]\npath = %s/b.db\n[backup]\ndir = %s\ncopies = 2\n", dir,
             backups);
    write_ini(text);
    snprintf(env, sizeof env, "KIOSK_CONFIG='%s'", ini);
    EXPECT(0, env, "db init");
    /* The admin role is needed; the file's owner has it as --local-admin. */
    EXPECT(64, env, "backup --rotate");
    EXPECT(0, env, "--local-admin backup --rotate");
    assert_non_null(strstr(slurp(out), "0 older copies removed, the newest 2 kept"));
    struct stat sb;
    assert_int_equal(stat(backups, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    /* A file of someone else's in the folder is never removed. */
    snprintf(keep, sizeof keep, "%s/kiosk-notes.txt", backups);
    FILE *f = fopen(keep, "w");
    assert_non_null(f);
    fclose(f);
    for (int i = 0; i < 3; i++)
        EXPECT(0, env, "--local-admin backup --rotate");
    assert_non_null(strstr(slurp(out), "1 older copies removed"));
    assert_int_equal(count_copies(backups), 3); /* two copies + the notes file */
    assert_int_equal(access(keep, F_OK), 0);
    /* Each kept copy verifies as a backup (restore's checks, with the live
     * database's key folder; `db check` would rightly see a chain that ends
     * before the live head). */
    DIR *d = opendir(backups);
    assert_non_null(d);
    struct dirent *e;
    int checked = 0;
    char args[2000];
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "kiosk-2", 7) != 0)
            continue;
        snprintf(args, sizeof args, "backup --verify '%s/%s'", backups, e->d_name);
        EXPECT(0, env, args);
        checked++;
    }
    closedir(d);
    assert_int_equal(checked, 2);
    /* A copy whose schema was edited outside the kiosk (a trigger that
     * protects the audit trail dropped) does not verify. */
    char edited[600];
    snprintf(edited, sizeof edited, "%s/edited.db", backups);
    snprintf(args, sizeof args, "--local-admin backup '%s'", edited);
    EXPECT(0, env, args);
    char sql[1000];
    snprintf(sql, sizeof sql, "sqlite3 '%s' 'DROP TRIGGER audit_no_delete'", edited);
    assert_int_equal(system(sql), 0);
    snprintf(args, sizeof args, "backup --verify '%s'", edited);
    EXPECT(65, env, args);
    /* --keep and --dir override the file. */
    snprintf(args, sizeof args, "--local-admin backup --rotate --keep 1 --dir '%s/other'", dir);
    EXPECT(0, env, args);
    EXPECT(64, env, "--local-admin backup --rotate --keep 0");
    /* No folder anywhere: a usage error naming the file's key. */
    snprintf(text, sizeof text, "[database]\npath = %s/b.db\n", dir);
    write_ini(text);
    EXPECT(64, env, "--local-admin backup --rotate");
    assert_non_null(strstr(slurp(err), "[backup] dir"));
}

/* booking-kiosk reads the same file: what it opens proves it. Each case
 * stops before the main loop (a scanner or display that is not there). */
static void test_app_reads_config(void **state)
{
    (void)state;
    char app[600];
    snprintf(app, sizeof app, "%s/booking-kiosk", bin_dir);
    if (access(app, X_OK) != 0)
        skip();
    char text[1024], args[1024], env[700];
    snprintf(env, sizeof env, "SDL_VIDEODRIVER=dummy KIOSK_CONFIG='%s'", ini);
    snprintf(args, sizeof args, "--windowed 800x600");
    /* A scanner source from the file is opened (and its failure named). */
    snprintf(text, sizeof text,
             "[database]\npath = %s/app/kiosk.db\n[scanners]\nsource = sim:%s/no-such-dir\n", dir,
             dir);
    write_ini(text);
    int rc = run(env, "booking-kiosk", args);
    if (rc == 0 || !strstr(slurp(err), "scanner sim:"))
        fail_msg("booking-kiosk with a missing sim source: exit %d, stderr %s", rc, slurp(err));
    assert_non_null(strstr(slurp(err), "no-such-dir"));
    /* ... after opening the database the file names. */
    char db[400];
    snprintf(db, sizeof db, "%s/app/kiosk.db", dir);
    assert_int_equal(access(db, F_OK), 0);
    /* --scanner replaces the file's sources: now the named one fails. */
    snprintf(args, sizeof args, "--windowed 800x600 --scanner sim:%s/other-dir", dir);
    rc = run(env, "booking-kiosk", args);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(slurp(err), "other-dir"));
    assert_null(strstr(slurp(err), "no-such-dir"));
    /* The display output from the file: an index the machine lacks. */
    snprintf(text, sizeof text, "[database]\npath = %s/app/kiosk.db\n[display]\noutput = 7\n", dir);
    write_ini(text);
    snprintf(args, sizeof args, "--windowed 800x600");
    rc = run(env, "booking-kiosk", args);
    if (rc != 69 || !strstr(slurp(err), "display output '7' not found; there are 1:"))
        fail_msg("booking-kiosk with output = 7: exit %d, stderr %s", rc, slurp(err));
    /* A bad file: 65 with FILE:LINE, before any window. */
    write_ini("[display]\nrotation = 90\n");
    rc = run(env, "booking-kiosk", args);
    char where[400];
    snprintf(where, sizeof where, "booking-kiosk: %s:2: [display] rotation", ini);
    if (rc != 65 || !strstr(slurp(err), where))
        fail_msg("booking-kiosk with rotation = 90: exit %d, stderr %s", rc, slurp(err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),           cmocka_unit_test(test_db_from_file),
        cmocka_unit_test(test_hub_url_from_file), cmocka_unit_test(test_bad_and_missing_files),
        cmocka_unit_test(test_backup_rotate),     cmocka_unit_test(test_app_reads_config),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
