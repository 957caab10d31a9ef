/* kioskctl's store commands end to end: the README's worked example, the
 * exit statuses of DESIGN §6 (64 usage, 65 bad input with every problem
 * listed, 66 missing, 75 locked/busy, 77 permission) and the JSON shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e/cli_run.h"

static char bin[512], dir[256], db[300], out[300], err[300];

/* Runs `printf '%s' stdin_text | kioskctl --db DB ARGS`; returns the exit status. */
static int run(const char *stdin_text, const char *args)
{
    return cli_run("", bin, db, stdin_text, args, out, err);
}

static char *slurp(const char *path)
{
    static char buf[65536];
    return cli_slurp(path, buf, sizeof buf);
}

#define EXPECT(status, stdin_text, args)                                                           \
    CLI_EXPECT(status, run(stdin_text, args), args, slurp(out), slurp(err))

static void write_file(const char *name, const char *text)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fail();
        return;
    }
    fputs(text, f);
    fclose(f);
}

static void test_worked_example(void **state)
{
    (void)state;
    char args[1024];
    EXPECT(66, NULL, "db check");
    EXPECT(0, NULL, "db init");
    /* the first user needs the file's owner */
    EXPECT(64, "482915\\n", "user add --badge A1 --name 'Pat Admin' --role admin");
    EXPECT(0, "482915\\n", "--local-admin user add --badge A1 --name 'Pat Admin' --role admin");
    EXPECT(0, "482915\\n739164\\n",
           "--as A1 user add --badge D7 --name 'Dana Deputy' --role deputy");
    EXPECT(0, "482915\\n639172\\n",
           "--as A1 user add --badge C3 --name 'Casey Comms' --role comms");
    EXPECT(0, "482915\\n639178\\n",
           "--as A1 user add --badge S2 --name 'Sam Super' --role supervisor");
    EXPECT(0, "482915\\n639179\\n", "--as A1 user add --badge U5 --name 'Aud Itor' --role auditor");
    EXPECT(65, "482915\\n123456\\n", "--as A1 user add --badge D9 --name 'Bad Pin' --role deputy");
    assert_non_null(strstr(slurp(err), "consecutive"));
    EXPECT(64, "482915\\n", "--as A1 user add --badge D9 --name X --role janitor");
    EXPECT(64, NULL, "user list --json"); /* an admin's audited view: who asks? */
    EXPECT(77, "739164\\n", "--as D7 user list --json");
    EXPECT(0, "482915\\n", "--as A1 user list --json");
    json_t *users = json_loads(slurp(out), 0, NULL);
    assert_int_equal(json_array_size(users), 5);
    json_decref(users);

    /* bad input: every problem listed, exit 65, nothing stored */
    write_file("bad.json",
               "{\"booking_number\":\"\",\"charges\":[\"9999\"],\"iaq\":{\"family_name\":"
               "\"D0e\",\"dob\":\"20991301\",\"sex\":\"Q\",\"pob\":\"ZZ\"}}");
    snprintf(args, sizeof args, "--as D7 intake add --json '%s/bad.json'", dir);
    EXPECT(65, "739164\\n", args);
    const char *e = slurp(err);
    const char *fields[] = {"booking_number", "charges", "family_name", "dob", "sex", "pob"};
    for (int i = 0; i < 6; i++)
        if (!strstr(e, fields[i]))
            fail_msg("problem list lacks %s:\n%s", fields[i], e);
    EXPECT(65, "739164\\n{not json", "--as D7 intake add --json -");

    /* the worked example */
    write_file("iaq.json",
               "{\"booking_number\":\"2026-004512\",\"charges\":[\"1313\",\"5404\"],"
               "\"iaq\":{\"family_name\":\"Doe\",\"first_name\":\"Jane\",\"dob\":\"1990-05-06\","
               "\"sex\":\"F\",\"pob\":\"GD\",\"nationality\":[\"GD\"]}}");
    snprintf(args, sizeof args,
             "--now 2026-11-27T10:00:00Z --local-admin --as D7 intake add --json '%s/iaq.json'",
             dir);
    EXPECT(0, NULL, args);
    assert_string_equal(slurp(out), "intake 1 request 1\n");
    EXPECT(77, "739164\\n", "--as D7 request transmit 1 --ref MULES-1");
    /* issue 10: no IAQ without the agency ORI and the desk phone */
    EXPECT(65, "639172\\n", "--now 2026-11-27T10:05:00Z --as C3 request show 1 --iaq");
    assert_non_null(strstr(slurp(err), "ori"));
    EXPECT(65, "482915\\n", "--as A1 db set ori MO095000");
    EXPECT(0, "482915\\n", "--as A1 db set ori MO0950000");
    EXPECT(65, "639172\\n", "--now 2026-11-27T10:05:00Z --as C3 request show 1 --iaq");
    assert_non_null(strstr(slurp(err), "desk_phone"));
    EXPECT(0, "482915\\n", "--as A1 db set desk_phone 573-555-0100");
    EXPECT(0, "639172\\n", "--now 2026-11-27T10:05:00Z --as C3 request show 1 --iaq");
    assert_non_null(
        strstr(slurp(out), "NAM/DOE,JANE\nDOB/19900506\nSEX/F\nPOB/GD\nCUS/Y\nOFF/1313\n"));
    /* a signed-in user cannot back-date a change with --now (exit 64) */
    EXPECT(64, "639172\\n", "--now 2026-11-27T10:06:00Z --as C3 request transmit 1 --ref MULES-1");
    assert_non_null(strstr(slurp(err), "--local-admin"));
    EXPECT(0, NULL,
           "--now 2026-11-27T10:06:00Z --local-admin --as C3 request transmit 1 --ref MULES-1");
    EXPECT(65, "639172\\n", "--as C3 request transmit 1");
    assert_non_null(strstr(slurp(err), "only a queued request"));
    EXPECT(66, "639172\\n", "--as C3 request ack 99");
    EXPECT(0, NULL, "--now 2026-11-27T10:07:00Z --local-admin --as C3 request ack 1");
    /* nor can anyone record a change before the request's last event */
    EXPECT(65, "IAR\\n",
           "--now 2026-11-27T10:06:30Z --local-admin --as C3 request respond 1 --disposition "
           "no_record --text-file -");
    assert_non_null(strstr(slurp(err), "last event"));
    EXPECT(65, "639172\\nIAR\\n", "--as C3 request respond 1 --disposition maybe --text-file -");
    EXPECT(0, "IAR VTICE0900\\nNO RECORD LOCATED\\n",
           "--now 2026-11-27T10:40:00Z --local-admin --as C3 request respond 1 --disposition "
           "no_record "
           "--text-file -");
    EXPECT(0, "739164\\n", "--now 2026-11-27T10:45:00Z --as D7 request show 1 --json");
    json_t *r = json_loads(slurp(out), 0, NULL);
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(r, "state")), "responded");
    assert_string_equal(json_string_value(json_object_get(r, "response_text")),
                        "IAR VTICE0900\nNO RECORD LOCATED\n");
    assert_int_equal(json_array_size(json_object_get(r, "timeline")), 4);
    json_decref(r);
    EXPECT(0, NULL, "--now 2026-11-27T10:50:00Z --local-admin --as D7 request close 1");
    EXPECT(0, NULL, "--now 2026-11-27T10:51:00Z --local-admin --as D7 consular informed 1");
    EXPECT(64, "739164\\n", "--as D7 consular notified 1 --consulate X");
    EXPECT(0, NULL,
           "--now 2026-11-27T10:52:00Z --local-admin --as D7 consular notified 1 --consulate "
           "'Embassy of "
           "Georgia' --method fax");
    EXPECT(0, "482915\\n", "--now 2026-11-27T11:00:00Z --as A1 backlog --json");
    json_t *b = json_loads(slurp(out), 0, NULL);
    assert_non_null(b);
    json_t *w = json_object_get(json_object_get(b, "windows"), "24h");
    assert_int_equal(json_integer_value(json_object_get(w, "responded")), 1);
    assert_int_equal(json_integer_value(json_object_get(w, "queued_to_transmitted_median_s")), 360);
    assert_int_equal(json_integer_value(json_object_get(w, "transmitted_to_responded_median_s")),
                     2040);
    json_decref(b);
    EXPECT(0, "482915\\n", "--now 2026-11-27T11:00:00Z --as A1 backlog --csv");
    assert_non_null(strstr(slurp(out), "24h,within_response_sla_share,1.0000"));
    EXPECT(77, "739164\\n", "--as D7 backlog");
    EXPECT(0, "639179\\n", "--as U5 audit verify");
    assert_non_null(strstr(slurp(out), "audit chain ok"));
    EXPECT(0, "639179\\n", "--as U5 audit list --json --since 2026-11-27T10:00:00Z");
    EXPECT(0, "639179\\n", "--as U5 audit review --note 'week 48'");
    EXPECT(0, NULL, "--local-admin db check --full");

    /* sign-in failures: 77 each, the fifth locks (75), a supervisor unlocks */
    for (int i = 0; i < 4; i++)
        EXPECT(77, "000001\\n", "--as D7 request list");
    EXPECT(75, "000001\\n", "--as D7 request list");
    EXPECT(75, "739164\\n", "--as D7 request list");
    EXPECT(77, "639172\\n", "--as C3 user unlock D7");
    EXPECT(0, "639178\\n", "--as S2 user unlock D7");
    EXPECT(0, "739164\\n", "--as D7 request list --json");

    /* backup, purge, restore */
    snprintf(args, sizeof args, "--as A1 backup '%s/copy.db'", dir);
    EXPECT(0, "482915\\n", args);
    EXPECT(64, "482915\\n", "--now 2027-02-01T00:00:00Z --as A1 purge --older-than 30");
    EXPECT(0, NULL, "--now 2027-02-01T00:00:00Z --local-admin --as A1 purge --older-than 30");
    assert_string_equal(slurp(out), "purged 1 intakes\n");
    snprintf(args, sizeof args, "--as A1 restore '%s/copy.db'", dir);
    EXPECT(77, "482915\\n", args);
    write_file("junk.db", "this is not a database, it is a text file that is long enough");
    snprintf(args, sizeof args, "--local-admin restore '%s/junk.db'", dir);
    EXPECT(65, NULL, args);
    snprintf(args, sizeof args, "--local-admin restore '%s/copy.db'", dir);
    EXPECT(0, NULL, args);
    EXPECT(0, "639172\\n", "--as C3 request show 1 --iaq"); /* personal data is back */
    EXPECT(64, NULL, "request frobnicate 1");
    EXPECT(0, NULL, "help request");
    EXPECT(0, NULL, "backlog --help");
}

/* An ID without a barcode, by hand: every problem listed, then recorded as
 * exempt_id with source "manual" and the attesting badge, counted apart in
 * the backlog, documented in `kioskctl help intake`. */
static void test_manual_document(void **state)
{
    (void)state;
    char args[1024];
    write_file("manual-bad.json",
               "{\"booking_number\":\"2026-004520\",\"charges\":[\"5404\"],"
               "\"manual_document\":{\"kind\":\"passport\",\"issuer\":\"US\",\"number\":"
               "\"X1234567\",\"expires\":\"2026-11-26\",\"attested\":false}}");
    snprintf(args, sizeof args,
             "--now 2026-11-27T12:00:00Z --local-admin --as D7 intake add --json "
             "'%s/manual-bad.json'",
             dir);
    EXPECT(65, NULL, args);
    const char *e = slurp(err);
    const char *fields[] = {"document_kind", "document_expires", "attestation"};
    for (int i = 0; i < 3; i++)
        if (!strstr(e, fields[i]))
            fail_msg("problem list lacks %s:\n%s", fields[i], e);
    write_file(
        "manual.json",
        "{\"booking_number\":\"2026-004521\",\"charges\":[\"5404\"],\"nationality\":[\"US\"],"
        "\"manual_document\":{\"kind\":\"us_passport\",\"issuer\":\"US\",\"number\":"
        "\"X1234567\",\"expires\":\"2026-11-27\",\"attested\":true}}");
    snprintf(args, sizeof args,
             "--now 2026-11-27T12:00:00Z --local-admin --as D7 intake add --json "
             "'%s/manual.json'",
             dir);
    EXPECT(0, NULL, args);
    long id = 0;
    assert_int_equal(sscanf(slurp(out), "intake %ld", &id), 1);
    snprintf(args, sizeof args, "--as D7 intake show %ld --json", id);
    EXPECT(0, "739164\\n", args);
    json_t *o = json_loads(slurp(out), 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "basis")), "exempt_id");
    json_t *d = json_object_get(o, "id_document");
    assert_string_equal(json_string_value(json_object_get(d, "source")), "manual");
    assert_string_equal(json_string_value(json_object_get(d, "kind")), "us_passport");
    assert_string_equal(json_string_value(json_object_get(d, "attested_by")), "D7");
    assert_string_equal(json_string_value(json_object_get(d, "number_last4")), "4567");
    json_decref(o);
    EXPECT(0, "482915\\n", "--now 2026-11-27T12:30:00Z --as A1 backlog --json");
    json_t *b = json_loads(slurp(out), 0, NULL);
    json_t *ex =
        json_object_get(json_object_get(json_object_get(b, "windows"), "24h"), "exemptions");
    assert_int_equal(json_integer_value(json_object_get(ex, "exempt_id_manual")), 1);
    assert_true(json_integer_value(json_object_get(ex, "exempt_id")) >= 1);
    json_decref(b);
    EXPECT(0, NULL, "help intake");
    assert_non_null(strstr(slurp(out), "manual_document"));
    assert_non_null(strstr(slurp(out), "state_dl_no_barcode"));
}

/* Files that cannot be used say why: a folder (66) everywhere; a file or
 * database without permission (77) only when not root, because root
 * bypasses file modes (CI runs as root: the folder cases run there). */
static void test_unusable_files(void **state)
{
    (void)state;
    char args[1024], copy[400], cmd[2400];
    snprintf(args, sizeof args, "--as D7 intake add --json '%s'", dir);
    EXPECT(66, "739164\\n", args);
    assert_non_null(strstr(slurp(err), "is a folder, not a file"));
    snprintf(cmd, sizeof cmd, "'%s' --db '%s' db check > '%s' 2> '%s'", bin, dir, out, err);
    int rc = system(cmd);
    assert_int_equal(WEXITSTATUS(rc), 66);
    assert_non_null(strstr(slurp(err), "is a folder, not a file"));
    if (geteuid() == 0)
        return;
    snprintf(copy, sizeof copy, "%s/ro/kiosk.db", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/ro' && cp '%s' '%s' && chmod 0400 '%s'", dir, db, copy,
             copy);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "'%s' --db '%s' --local-admin request list > '%s' 2> '%s'", bin, copy,
             out, err);
    rc = system(cmd);
    assert_int_equal(WEXITSTATUS(rc), 77);
    assert_non_null(strstr(slurp(err), "read-only for this user"));
    snprintf(cmd, sizeof cmd, "chmod 0000 '%s'", copy);
    assert_int_equal(system(cmd), 0);
    snprintf(args, sizeof args, "--as D7 intake add --json '%s'", copy);
    EXPECT(77, "739164\\n", args);
    assert_non_null(strstr(slurp(err), "permission denied"));
}

/* Personal knowledge co-signed by a supervisor: --cosign BADGE, the
 * co-signer's PIN on the line after the acting user's. */
static void test_cosign(void **state)
{
    (void)state;
    char args[1024];
    write_file("known.json", "{\"booking_number\":\"2026-004530\",\"charges\":[\"5404\"],"
                             "\"nationality\":\"not_known\","
                             "\"personal_knowledge\":{\"reason\":\"booked him last week\"}}");
    snprintf(args, sizeof args, "--as D7 intake add --json '%s/known.json' --cosign S2", dir);
    EXPECT(77, "739164\\n000000\\n", args);
    assert_non_null(strstr(slurp(err), "co-signer"));
    char self[1024];
    snprintf(self, sizeof self, "--as D7 intake add --json '%s/known.json' --cosign D7", dir);
    EXPECT(65, "739164\\n739164\\n", self); /* the co-signer must be another member */
    assert_non_null(strstr(slurp(err), "cosigner"));
    EXPECT(0, "739164\\n639178\\n", args);
    long id = 0;
    assert_int_equal(sscanf(slurp(out), "intake %ld", &id), 1);
    snprintf(args, sizeof args, "--as D7 intake show %ld --json", id);
    EXPECT(0, "739164\\n", args);
    json_t *o = json_loads(slurp(out), 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "cosigner")), "S2");
    json_decref(o);
}

static void test_busy_exits_75(void **state)
{
    (void)state;
    /* hold the write lock from this process; kioskctl waits its timeout */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    EXPECT(75, "639172\\n", "--as C3 request needs-info 1 --text 'DOB?'");
    if (!strstr(slurp(err), "busy"))
        fail_msg("stderr: %s", slurp(err));
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
}

static void test_damaged_file(void **state)
{
    (void)state;
    char path[400], cmd[1400];
    snprintf(path, sizeof path, "%s/damaged.db", dir);
    snprintf(cmd, sizeof cmd,
             "cp '%s' '%s' && dd if=/dev/urandom of='%s' bs=4096 seek=1 count=16 "
             "conv=notrunc 2>/dev/null",
             db, path, path);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "'%s' --db '%s' db check --full > /dev/null 2>&1", bin, path);
    int rc = system(cmd);
    assert_int_equal(WEXITSTATUS(rc), 65);
}

int main(void)
{
    if (cli_find_kioskctl(bin, sizeof bin) != 0)
        return 1;
    snprintf(dir, sizeof dir, "/tmp/kiosk-cli-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    snprintf(db, sizeof db, "%s/kiosk.db", dir);
    /* kioskctl finds the key folder here (issue 12), not in ~/.config */
    char keys[300];
    snprintf(keys, sizeof keys, "%s/keys", dir);
    setenv("KIOSK_KEY_DIR", keys, 1);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    snprintf(err, sizeof err, "%s/err.txt", dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example), cmocka_unit_test(test_manual_document),
        cmocka_unit_test(test_unusable_files), cmocka_unit_test(test_cosign),
        cmocka_unit_test(test_busy_exits_75),  cmocka_unit_test(test_damaged_file),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return rc;
}
