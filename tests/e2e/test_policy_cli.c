/* Policy fidelity II (issue 10) through kioskctl, one process per command as
 * an operator would run them: FOREIGN_ISSUER and the 636027 notice, the
 * nationality answer, OFF/ and its override, ORI/desk phone, the Nlets form,
 * the §B.4 warning, the DHS step, detainers, release before an answer, the
 * booking time, the consular rules, statements, nationality later, the time
 * zone (the process runs with TZ=UTC) and booking numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e/cli_run.h"

static char bin[512], dir[256], db[300], out[300], err[300];

/* Runs `printf '%s' stdin | TZ=UTC kioskctl --db DB ARGS`; the exit status. */
static int run(const char *stdin_text, const char *args)
{
    return cli_run("TZ=UTC ", bin, db, stdin_text, args, out, err);
}

static char obuf[65536], ebuf[65536];
#define OUT() cli_slurp(out, obuf, sizeof obuf)
#define ERR() cli_slurp(err, ebuf, sizeof ebuf)

#define EXPECT(status, stdin_text, args)                                                           \
    CLI_EXPECT(status, run(stdin_text, args), args, OUT(), ERR())

/* Writes name in the test folder; returns its path (static). */
static const char *write_file(const char *name, const char *text)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* `kioskctl --local-admin --as BADGE --now NOW ARGS` (no PIN needed). */
static int as(const char *badge, const char *now, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int as(const char *badge, const char *now, const char *fmt, ...)
{
    char rest[4096], args[4600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rest, sizeof rest, fmt, ap);
    va_end(ap);
    snprintf(args, sizeof args, "--now %s --local-admin --as %s %s", now, badge, rest);
    return run(NULL, args);
}

#define AS(status, badge, now, ...)                                                                \
    do {                                                                                           \
        int got_ = as(badge, now, __VA_ARGS__);                                                    \
        if (got_ != (status))                                                                      \
            fail_msg("line %d: exit %d, expected %d\nstdout: %s\nstderr: %s", __LINE__, got_,      \
                     status, OUT(), ERR());                                                        \
    } while (0)

static json_t *out_json(void)
{
    json_error_t e;
    json_t *j = json_loads(OUT(), 0, &e);
    if (!j)
        fail_msg("not JSON (%s): %s", e.text, obuf);
    return j;
}

static const char *jstr(const json_t *o, const char *path)
{
    char key[128];
    snprintf(key, sizeof key, "%s", path);
    const json_t *cur = o;
    for (char *save = NULL, *k = strtok_r(key, ".", &save); k; k = strtok_r(NULL, ".", &save))
        cur = json_object_get(cur, k);
    return json_is_string(cur) ? json_string_value(cur) : NULL;
}

static int setup(void **state)
{
    (void)state;
    const char *b = getenv("KIOSK_BIN_DIR");
    snprintf(bin, sizeof bin, "%s/kioskctl", b ? b : "build/bin");
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kiosk-policy-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/kiosk.db", dir);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    snprintf(err, sizeof err, "%s/err.txt", dir);
    if (run(NULL, "db init") != 0 ||
        run("482915\\n", "--local-admin user add --badge A1 --name 'Pat Admin' --role admin") ||
        run("739164\\n", "--local-admin user add --badge D7 --name 'Dana Deputy' --role deputy") ||
        run("639172\\n", "--local-admin user add --badge C3 --name 'Casey Comms' --role comms") ||
        run("639178\\n", "--local-admin user add --badge S2 --name 'Sam Super' --role supervisor"))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#define T0 "2026-11-27T10:00:00Z"

/* §1 */
static void test_ids_and_nationality(void **state)
{
    (void)state;
    const char *t = getenv("KIOSK_TEST_DIR");
    char args[1024];
    snprintf(args, sizeof args, "id parse --json '%s/../assets/demo/licence-canada-on.txt'",
             t ? t : "tests");
    EXPECT(0, NULL, args);
    json_t *doc = out_json();
    json_t *reasons = json_object_get(json_object_get(doc, "verdict"), "reasons");
    assert_string_equal(jstr(json_array_get(reasons, 0), "code"), "FOREIGN_ISSUER");
    assert_non_null(strstr(jstr(json_array_get(reasons, 0), "message"), "Ontario, Canada"));
    json_t *in = json_pack("{s:s, s:[s], s:[s], s:O}", "booking_number", "E1-ON", "charges", "5404",
                           "nationality", "CD", "id_document", doc);
    char *text = json_dumps(in, 0);
    const char *path = write_file("on.json", text);
    free(text);
    json_decref(in);
    json_decref(doc);
    AS(65, "D7", T0, "intake add --json '%s'", path);
    assert_non_null(strstr(ERR(), "FOREIGN_ISSUER"));

    /* 636027: valid federal ID with the immunity notice */
    path = write_file("dos.json",
                      "{\"booking_number\":\"E1-DOS\",\"charges\":[\"5404\"],\"nationality\":"
                      "\"not_known\",\"id_document\":{\"format\":\"aamva\",\"iin\":\"636027\","
                      "\"issuer\":{\"code\":null,\"name\":\"US Department of State (Office of "
                      "Foreign Missions diplomatic DL/ID)\",\"country\":\"USA\"},"
                      "\"document_type\":\"DL\",\"family_name\":\"PUBLIC\",\"first_name\":"
                      "\"JOHN\",\"dob\":\"1970-01-31\",\"document_number\":\"DS7654321\","
                      "\"expires\":\"2030-08-31\"}}");
    AS(0, "D7", T0, "intake add --json '%s'", path);
    assert_string_equal(OUT(), "intake 1\n");
    assert_non_null(strstr(ERR(), "NOTICE"));
    assert_non_null(strstr(ebuf, "immunity"));
    assert_non_null(strstr(ebuf, "supervisor"));
    AS(0, "D7", T0, "intake show 1 --json");
    json_t *s = out_json();
    assert_non_null(strstr(jstr(s, "notice"), "immunity"));
    assert_string_equal(jstr(s, "nationality"), "not_known");
    json_decref(s);

    /* no nationality answer on an exemption path */
    path = write_file("known.json", "{\"booking_number\":\"E1-K\",\"charges\":[\"5404\"],"
                                    "\"personal_knowledge\":{\"reason\":\"known\"}}");
    AS(65, "D7", T0, "intake add --json '%s'", path);
    assert_non_null(strstr(ERR(), "nationality"));
}

static void iaq_file(const char *name, const char *booking, const char *charges, const char *extra)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"booking_number\":\"%s\",\"charges\":%s%s,\"iaq\":{\"family_name\":\"Roe\","
             "\"first_name\":\"Rowan\",\"dob\":\"1990-02-28\",\"sex\":\"M\",\"pob\":\"MM\","
             "\"nationality\":[\"MM\"]}}",
             booking, charges, extra ? extra : "");
    write_file(name, text);
}

/* §2 */
static void test_iaq_rules(void **state)
{
    (void)state;
    char p[400];
    iaq_file("off1.json", "E2-1", "[\"5404\",\"0911\"]", NULL);
    snprintf(p, sizeof p, "%s/off1.json", dir);
    AS(0, "D7", T0, "intake add --json '%s'", p);
    assert_string_equal(OUT(), "intake 1 request 1\n");
    assert_non_null(strstr(ERR(), "OFF/ 0911"));
    iaq_file("off2.json", "E2-2", "[\"2399\",\"1202\"]", NULL);
    snprintf(p, sizeof p, "%s/off2.json", dir);
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(0, "D7", T0, "request show 1 --json");
    json_t *r = out_json();
    assert_string_equal(jstr(r, "offense"), "0911");
    assert_string_equal(jstr(r, "offense_choice.most_serious"), "0911");
    assert_false(json_is_true(json_object_get(json_object_get(r, "offense_choice"), "overridden")));
    json_decref(r);

    /* ORI / desk phone */
    AS(65, "C3", T0, "request show 2 --iaq");
    assert_non_null(strstr(ERR(), "ori"));
    AS(65, "A1", T0, "db set ori MO095000");
    AS(65, "A1", T0, "db set ori XX0950000");
    AS(0, "A1", T0, "db set ori MO0950000");
    AS(65, "C3", T0, "request show 2 --iaq");
    assert_non_null(strstr(ERR(), "desk_phone"));
    AS(0, "A1", T0, "db set desk_phone 573-555-0100");
    AS(0, "C3", T0, "request show 2 --iaq");
    assert_non_null(strstr(OUT(), "IAQ.MO0950000.AX.TXT\nPUR/C\n"));
    assert_non_null(strstr(obuf, "\nOFF/1202\n"));
    AS(0, "C3", T0, "request show 2 --iaq --nlets");
    assert_non_null(strstr(OUT(), "IAQ.MO0950000.AX.TXT\nPUR/C.ATN/"));
    assert_non_null(strstr(obuf, ".OFF/1202."));
    AS(64, "C3", T0, "request show 2 --nlets");

    /* the deputy's override is kept and shown */
    iaq_file("off3.json", "E2-3", "[\"2399\",\"1202\"]", NULL);
    snprintf(p, sizeof p, "%s/off3.json", dir);
    {
        char text[2048];
        snprintf(text, sizeof text,
                 "{\"booking_number\":\"E2-3\",\"charges\":[\"2399\",\"1202\"],\"iaq\":{"
                 "\"family_name\":\"Roe\",\"first_name\":\"Rowan\",\"dob\":\"1990-02-28\","
                 "\"sex\":\"M\",\"pob\":\"MM\",\"offense\":\"2399\"}}");
        write_file("off3.json", text);
    }
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(0, "D7", T0, "request show 3 --json");
    r = out_json();
    assert_string_equal(jstr(r, "offense"), "2399");
    assert_true(json_is_true(json_object_get(json_object_get(r, "offense_choice"), "overridden")));
    json_decref(r);

    /* immigration-only charges: the §B.4 warning */
    iaq_file("imm.json", "E2-4", "[\"0301\"]", NULL);
    snprintf(p, sizeof p, "%s/imm.json", dir);
    AS(0, "D7", T0, "intake add --json '%s'", p);
    assert_non_null(strstr(ERR(), "WARNING"));
    assert_non_null(strstr(ebuf, "Policy B.4"));
    AS(0, "D7", T0, "request show 4 --json");
    r = out_json();
    assert_int_equal(json_array_size(json_object_get(r, "warnings")), 1);
    json_decref(r);
    AS(0, "D7", T0, "request show 1 --json");
    r = out_json();
    assert_int_equal(json_array_size(json_object_get(r, "warnings")), 0);
    json_decref(r);
}

/* §3 */
static void test_after_answers(void **state)
{
    (void)state;
    char p[400];
    iaq_file("dhs.json", "E3-1", "[\"5404\"]", ",\"booked_at\":\"2026-11-27T00:30\"");
    snprintf(p, sizeof p, "%s/dhs.json", dir);
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(0, "D7", T0, "request show 1 --json");
    json_t *r = out_json();
    /* 00:30 CST = 06:30Z; the 48-hour clock runs from it */
    assert_string_equal(jstr(r, "booked"), "2026-11-27T06:30:00.00Z");
    assert_string_equal(jstr(r, "clock.statutory_due"), "2026-11-29T06:30:00.00Z");
    assert_true(json_is_null(json_object_get(r, "dhs_notification")));
    json_decref(r);
    AS(0, "C3", "2026-11-27T10:05:00Z", "request transmit 1 --ref M-1");
    write_file("iar.txt", "IAR TEXT\n");
    snprintf(p, sizeof p, "%s/iar.txt", dir);
    AS(0, "C3", "2026-11-27T10:40:00Z",
       "request respond 1 --disposition record_found_unlawfully_present --text-file '%s'", p);
    AS(0, "D7", "2026-11-27T10:41:00Z", "request show 1 --json");
    r = out_json();
    assert_string_equal(jstr(r, "dhs_notification.due"), "2026-11-27T10:40:00.00Z");
    assert_true(json_is_null(json_object_get(json_object_get(r, "dhs_notification"), "done")));
    json_decref(r);
    AS(65, "D7", "2026-11-27T10:42:00Z", "request close 1");
    assert_non_null(strstr(ERR(), "DHS"));
    AS(64, "D7", "2026-11-27T10:42:00Z", "request dhs-notified 1");
    AS(65, "D7", "2026-11-27T10:42:00Z", "request dhs-notified 1 --method carrier-pigeon");
    AS(0, "D7", "2026-11-27T10:45:00Z", "request dhs-notified 1 --method fax --note 'ERO KC'");
    assert_string_equal(OUT(), "request 1 dhs_notified\n");
    AS(65, "D7", "2026-11-27T10:46:00Z", "request dhs-notified 1 --method fax");
    AS(0, "D7", "2026-11-27T10:46:00Z", "request show 1 --json");
    r = out_json();
    assert_string_equal(jstr(r, "dhs_notification.done"), "2026-11-27T10:45:00.00Z");
    assert_string_equal(jstr(r, "dhs_notification.by"), "D7");
    assert_string_equal(jstr(r, "dhs_notification.method"), "fax");
    json_decref(r);
    AS(0, "D7", "2026-11-27T10:47:00Z", "request close 1");

    /* detainer to follow */
    iaq_file("det.json", "E3-2", "[\"5404\"]", NULL);
    snprintf(p, sizeof p, "%s/det.json", dir);
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(0, "C3", "2026-11-27T10:05:00Z", "request transmit 2");
    snprintf(p, sizeof p, "%s/iar.txt", dir);
    AS(0, "C3", "2026-11-27T10:30:00Z",
       "request respond 2 --disposition detainer_to_follow --text-file '%s'", p);
    AS(0, "D7", "2026-11-27T10:31:00Z", "request show 2 --json");
    r = out_json();
    assert_string_equal(jstr(r, "detainer.opened"), "2026-11-27T10:30:00.00Z");
    assert_true(json_is_null(json_object_get(json_object_get(r, "detainer"), "received")));
    json_decref(r);
    AS(0, "D7", "2026-11-27T12:00:00Z",
       "request detainer 2 --received 2026-11-27T05:50 --office 'ERO Kansas City' --form I-247A");
    AS(0, "D7", "2026-11-27T12:01:00Z", "request show 2 --json");
    r = out_json();
    assert_string_equal(jstr(r, "detainer.received"), "2026-11-27T11:50:00.00Z");
    assert_string_equal(jstr(r, "detainer.form"), "I-247A");
    assert_true(json_is_true(json_object_get(json_object_get(r, "detainer"), "notify_release")));
    json_decref(r);

    /* released before an answer; the answer still recorded */
    iaq_file("rel.json", "E3-3", "[\"5404\"]", NULL);
    snprintf(p, sizeof p, "%s/rel.json", dir);
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(0, "C3", "2026-11-27T10:05:00Z", "request transmit 3");
    AS(0, "D7", "2026-11-27T11:30:00Z", "request release 3 --note 'bond posted'");
    assert_string_equal(OUT(), "request 3 released\n");
    AS(65, "D7", "2026-11-27T11:31:00Z", "request release 3");
    snprintf(p, sizeof p, "%s/iar.txt", dir);
    AS(0, "C3", "2026-11-27T13:00:00Z",
       "request respond 3 --disposition no_record --text-file '%s'", p);
    AS(0, "D7", "2026-11-27T13:01:00Z", "request show 3 --json");
    r = out_json();
    assert_string_equal(jstr(r, "state"), "responded");
    assert_string_equal(jstr(r, "released"), "2026-11-27T11:30:00.00Z");
    assert_string_equal(jstr(r, "release_note"), "bond posted");
    json_decref(r);
}

/* §4 */
static void test_consular(void **state)
{
    (void)state;
    const char *p = write_file("us.json", "{\"booking_number\":\"E4-1\",\"charges\":[\"5404\"],"
                                          "\"nationality\":[\"US\",\"GD\"],"
                                          "\"personal_knowledge\":{\"reason\":\"known\"}}");
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(66, "D7", T0, "consular show 1");
    p = write_file("pl.json",
                   "{\"booking_number\":\"E4-2\",\"charges\":[\"5404\"],\"nationality\":[\"PO\"],"
                   "\"manual_document\":{\"kind\":\"permanent_resident_card\",\"issuer\":\"US\","
                   "\"number\":\"IOE0123456789\",\"expires\":\"2031-04-30\",\"attested\":true}}");
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(0, "D7", T0, "consular show 2 --json");
    json_t *r = out_json();
    assert_true(json_is_false(json_object_get(r, "mandatory")));
    assert_non_null(strstr(jstr(r, "condition"), "permanent"));
    assert_true(json_is_null(json_object_get(r, "wish")));
    json_decref(r);
    AS(0, "D7", T0, "consular statement 2 --lang es");
    assert_non_null(strstr(OUT(), "Statement 1"));
    assert_non_null(strstr(obuf, "\xc2\xbfQuiere usted que notifiquemos"));
    assert_non_null(strstr(obuf, "asylum"));
    AS(65, "D7", "2026-11-27T10:10:00Z", "consular wish 2 perhaps");
    AS(0, "D7", "2026-11-27T10:10:00Z", "consular wish 2 requested");
    AS(0, "D7", "2026-11-27T10:11:00Z", "consular show 2 --json");
    r = out_json();
    assert_string_equal(jstr(r, "wish"), "requested");
    assert_string_equal(jstr(r, "status"), "due");
    assert_string_equal(jstr(r, "escalate_at"), "2026-11-28T10:10:00.00Z");
    json_decref(r);
    p = write_file("gd.json", "{\"booking_number\":\"E4-3\",\"charges\":[\"5404\"],"
                              "\"nationality\":[\"GD\"],"
                              "\"personal_knowledge\":{\"reason\":\"known\"}}");
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(0, "D7", T0, "consular statement 3");
    assert_non_null(strstr(OUT(), "Statement 2"));
    assert_non_null(strstr(obuf, "we are required to notify"));
    AS(65, "D7", T0, "consular wish 3 declined");
    /* nationality learned later */
    p = write_file("nk.json", "{\"booking_number\":\"E4-4\",\"charges\":[\"5404\"],"
                              "\"nationality\":\"not_known\","
                              "\"personal_knowledge\":{\"reason\":\"known\"}}");
    AS(0, "D7", T0, "intake add --json '%s'", p);
    AS(66, "D7", T0, "consular show 4");
    AS(77, "C3", T0, "intake nationality 4 MM");
    AS(65, "D7", T0, "intake nationality 4 ZZ");
    AS(0, "D7", T0, "intake nationality 4 mm");
    assert_non_null(strstr(OUT(), "consular record opened"));
    AS(0, "D7", T0, "consular show 4 --json");
    r = out_json();
    assert_string_equal(json_string_value(json_array_get(json_object_get(r, "nationality"), 0)),
                        "MM");
    json_decref(r);
    AS(65, "D7", T0, "intake nationality 4 MM");
}

/* §5: the process runs with TZ=UTC; the kiosk's zone decides. */
static void test_time_zone(void **state)
{
    (void)state;
    const char *p = write_file(
        "pp.json", "{\"booking_number\":\"E5-1\",\"charges\":[\"5404\"],\"nationality\":[\"US\"],"
                   "\"manual_document\":{\"kind\":\"us_passport\",\"issuer\":\"US\",\"number\":"
                   "\"X1234567\",\"expires\":\"2026-12-01\",\"attested\":true}}");
    AS(0, "D7", "2026-12-02T02:00:00Z", "intake add --json '%s'", p);
    p = write_file("pp2.json",
                   "{\"booking_number\":\"E5-2\",\"charges\":[\"5404\"],\"nationality\":[\"US\"],"
                   "\"manual_document\":{\"kind\":\"us_passport\",\"issuer\":\"US\",\"number\":"
                   "\"X1234567\",\"expires\":\"2026-12-01\",\"attested\":true}}");
    AS(65, "D7", "2026-12-02T07:00:00Z", "intake add --json '%s'", p);
    assert_non_null(strstr(ERR(), "expired"));
    /* --now without an offset is a time in the kiosk's zone */
    AS(0, "D7", "2026-12-01T20:00", "intake add --json '%s'", p);
    AS(0, "D7", "2026-12-01T20:00", "intake show 2 --json");
    json_t *r = out_json();
    assert_string_equal(jstr(r, "created"), "2026-12-02T02:00:00.00Z");
    json_decref(r);
    /* the setting: IANA names only */
    AS(65, "A1", T0, "db set timezone Mars/Olympus_Mons");
    AS(65, "A1", T0, "db set timezone CST");
    AS(0, "A1", T0, "db set timezone America/New_York");
    EXPECT(0, NULL, "db settings");
    assert_non_null(strstr(OUT(), "timezone=America/New_York\n"));
    /* id parse: the booking date is the local date of --now in --tz */
    const char *t = getenv("KIOSK_TEST_DIR");
    char args[1024];
    snprintf(args, sizeof args,
             "--now 2026-03-16T03:00:00Z id parse --json '%s/../assets/demo/licence-expired.txt'",
             t ? t : "tests");
    EXPECT(0, NULL, args);
    json_t *v = out_json();
    assert_string_equal(jstr(v, "verdict.as_of"), "2026-03-15");
    json_decref(v);
}

/* §6 */
static void test_booking_numbers(void **state)
{
    (void)state;
    char p[400];
    iaq_file("b1.json", "2026-007001", "[\"5404\"]", NULL);
    snprintf(p, sizeof p, "%s/b1.json", dir);
    AS(0, "D7", T0, "intake add --json '%s'", p);
    assert_string_equal(OUT(), "intake 1 request 1\n");
    AS(0, "D7", "2026-11-27T10:01:00Z", "intake add --json '%s'", p); /* a retry */
    assert_string_equal(OUT(), "intake 1 request 1\n");
    iaq_file("b2.json", "2026-007001", "[\"1313\"]", NULL);
    snprintf(p, sizeof p, "%s/b2.json", dir);
    AS(65, "D7", T0, "intake add --json '%s'", p);
    assert_non_null(strstr(ERR(), "booking_number"));
    iaq_file("b3.json", "2026-007001", "[\"1313\"]",
             ",\"supersede\":{\"reason\":\"wrong charge keyed\"}");
    snprintf(p, sizeof p, "%s/b3.json", dir);
    AS(65, "D7", T0, "intake add --json '%s'", p);
    AS(0, "S2", "2026-11-27T10:02:00Z", "intake add --json '%s'", p);
    assert_string_equal(OUT(), "intake 2 request 2\n");
    AS(0, "D7", T0, "intake find --booking 2026-007001 --json");
    json_t *r = out_json();
    assert_int_equal(json_array_size(r), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 1), "superseded_by")), 2);
    json_decref(r);
    AS(0, "D7", T0, "intake find --booking 2026-007001 --name rowan");
    assert_non_null(strstr(OUT(), "ROE,ROWAN"));
    AS(66, "D7", T0, "intake find --booking 2026-999999");
    AS(64, "D7", T0, "intake find --name rowan");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids_and_nationality, setup, teardown),
        cmocka_unit_test_setup_teardown(test_iaq_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_after_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_consular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_zone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_booking_numbers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
