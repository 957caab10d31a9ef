/* Retention end to end through kioskctl: `purge --due` with the
 * retention_days setting keeps the proof (booking number, codes, states,
 * consulate) and drops the person, skips an intake under a legal hold until
 * `intake unhold`, and the purged names are gone from the database file and
 * its WAL (grepped as bytes); `export --json` marks the redactable fields;
 * `intake list` filters and searches. */
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

static int run(const char *stdin_text, const char *args)
{
    return cli_run("", bin, db, stdin_text, args, out, err);
}

static char *slurp(const char *path)
{
    static char buf[1 << 20];
    return cli_slurp(path, buf, sizeof buf);
}

#define EXPECT(status, stdin_text, args)                                                           \
    CLI_EXPECT(status, run(stdin_text, args), args, slurp(out), slurp(err))

/* Counts occurrences of needle in the bytes of path (0 when it is absent). */
static int count_in_file(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t cap = 1 << 22, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    int hits = 0;
    size_t nl = strlen(needle);
    for (size_t i = 0; buf && i + nl <= n; i++)
        if (memcmp(buf + i, needle, nl) == 0)
            hits++;
    free(buf);
    return hits;
}

/* Occurrences in the database file and its WAL together. */
static int count_in_db(const char *needle)
{
    char wal[320];
    snprintf(wal, sizeof wal, "%s-wal", db);
    return count_in_file(db, needle) + count_in_file(wal, needle);
}

static void add_iaq(const char *at, const char *booking, const char *family, const char *first)
{
    char path[400], args[1024];
    snprintf(path, sizeof path, "%s/%s.json", dir, booking);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "{\"booking_number\":\"%s\",\"charges\":[\"1313\"],\"iaq\":{\"family_name\":\"%s\","
            "\"first_name\":\"%s\",\"dob\":\"1990-05-06\",\"sex\":\"F\",\"pob\":\"MM\","
            "\"nationality\":[\"MM\"]}}",
            booking, family, first);
    fclose(f);
    snprintf(args, sizeof args, "--now %s --local-admin --as D7 intake add --json '%s'", at, path);
    EXPECT(0, NULL, args);
}

/* transmit, respond, close request id at day 2026-03-DD. */
static void answer_and_close(int id, int day)
{
    char args[512];
    snprintf(args, sizeof args,
             "--now 2026-03-%02dT10:10:00Z --local-admin --as C3 request transmit %d --ref "
             "MULES-ZX%d",
             day, id, id);
    EXPECT(0, NULL, args);
    snprintf(args, sizeof args,
             "--now 2026-03-%02dT10:40:00Z --local-admin --as C3 request respond %d "
             "--disposition no_record --text-file -",
             day, id);
    char iar[64];
    snprintf(iar, sizeof iar, "IAR VTICE0900 NO RECORD FOR SUBJECT QX%d\\n", id);
    EXPECT(0, iar, args);
    snprintf(args, sizeof args,
             "--now 2026-03-%02dT11:00:00Z --local-admin --as D7 request close %d", day, id);
    EXPECT(0, NULL, args);
}

static void test_purge_due_with_hold(void **state)
{
    (void)state;
    EXPECT(0, NULL, "db init");
    EXPECT(0, "482915\\n", "--local-admin user add --badge A1 --name 'Pat Admin' --role admin");
    EXPECT(0, "482915\\n739164\\n",
           "--as A1 user add --badge D7 --name 'Dana Deputy' --role deputy");
    EXPECT(0, "482915\\n639172\\n",
           "--as A1 user add --badge C3 --name 'Casey Comms' --role comms");
    EXPECT(0, "482915\\n639178\\n",
           "--as A1 user add --badge S2 --name 'Sam Super' --role supervisor");
    EXPECT(0, "482915\\n639179\\n", "--as A1 user add --badge U5 --name 'Aud Itor' --role auditor");
    EXPECT(0, NULL, "--local-admin db set retention_days 30");

    add_iaq("2026-03-02T10:00:00Z", "2026-PRG-001", "Quillfeather", "Ottoline"); /* purged */
    add_iaq("2026-03-03T10:00:00Z", "2026-HLD-002", "Brannigan", "Thessaly");    /* held */
    add_iaq("2026-03-04T10:00:00Z", "2026-OPN-003", "Vandermeer", "Isolde");     /* open */
    answer_and_close(1, 2);
    answer_and_close(2, 3);
    EXPECT(0, NULL, "--now 2026-03-02T12:00:00Z --local-admin --as D7 consular informed 1");
    EXPECT(0, NULL,
           "--now 2026-03-02T12:30:00Z --local-admin --as D7 consular notified 1 --consulate "
           "'Consulate of Myanmar, Washington' --method fax");
    assert_true(count_in_db("Quillfeather") > 0); /* the grep sees what it looks for */

    /* history: filters and search (names while not purged) */
    EXPECT(0, "739164\\n", "--as D7 intake list --search quill --json");
    json_t *j = json_loads(slurp(out), 0, NULL);
    assert_int_equal(json_array_size(j), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "booking_number")),
                        "2026-PRG-001");
    json_decref(j);
    EXPECT(0, "639179\\n", "--as U5 intake list --state open --json");
    j = json_loads(slurp(out), 0, NULL);
    assert_int_equal(json_array_size(j), 1);
    json_decref(j);
    EXPECT(0, "639179\\n", "--as U5 intake list --from 2026-03-03 --to 2026-03-03 --csv");
    assert_non_null(strstr(slurp(out), "intake_id,booking_number,basis"));
    assert_non_null(strstr(slurp(out), "2026-HLD-002"));
    assert_null(strstr(slurp(out), "2026-PRG-001"));
    EXPECT(64, NULL, "--local-admin intake list --basis nonsense");
    EXPECT(64, NULL, "--local-admin intake list --from 2026-02-30");
    EXPECT(77, "639172\\n", "--as C3 intake list");

    /* legal hold: supervisor only, reason required, audited */
    EXPECT(77, "739164\\n", "--as D7 intake hold 2 --reason 'court order 26-CV-118'");
    EXPECT(64, NULL, "--local-admin --as S2 intake hold 2");
    EXPECT(66, "639178\\n", "--as S2 intake hold 99 --reason 'court order 26-CV-118'");
    EXPECT(0, "639178\\n", "--as S2 intake hold 2 --reason 'court order 26-CV-118'");
    EXPECT(65, "639178\\n", "--as S2 intake hold 2 --reason 'again'");
    assert_non_null(strstr(slurp(err), "already on hold"));

    /* not due yet at +20 days */
    EXPECT(0, NULL, "--now 2026-03-23T00:00:00Z --local-admin --as A1 purge --due");
    assert_string_equal(slurp(out), "purged 0 intakes\n");
    EXPECT(77, "639178\\n", "--as S2 purge --due");
    /* +40 days: intake 1 purged, intake 2 held, intake 3 still open */
    EXPECT(0, NULL, "--now 2026-04-12T00:00:00Z --local-admin --as A1 purge --due");
    assert_string_equal(slurp(out), "purged 1 intakes, 1 kept under legal hold\n");
    /* (the MULES reference is checked through the export below: the audit
     * row of the transmission still names it until audit details carry no
     * identifiers, which is another issue's change) */
    const char *gone[] = {"Quillfeather", "QUILLFEATHER", "Ottoline", "OTTOLINE", "SUBJECT QX1"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        if (count_in_db(gone[i]) != 0)
            fail_msg("'%s' is still in the database file or WAL after the purge", gone[i]);
    assert_true(count_in_db("Brannigan") > 0);            /* held */
    assert_true(count_in_db("SUBJECT QX2") > 0);          /* held: its IAR text too */
    assert_true(count_in_db("Vandermeer") > 0);           /* open */
    assert_true(count_in_db("2026-PRG-001") > 0);         /* proof: booking number */
    assert_true(count_in_db("Consulate of Myanmar") > 0); /* proof: consulate */

    /* the export: proof kept, person dropped; redactable fields marked */
    EXPECT(0, "639179\\n", "--as U5 export 1 --json");
    j = json_loads(slurp(out), 0, NULL);
    assert_non_null(j);
    json_t *in = json_object_get(j, "intake");
    assert_true(json_is_true(json_object_get(in, "purged")));
    assert_string_equal(json_string_value(json_object_get(in, "booking_number")), "2026-PRG-001");
    json_t *rq = json_object_get(j, "request");
    assert_string_equal(json_string_value(json_object_get(rq, "offense")), "1313");
    assert_string_equal(json_string_value(json_object_get(rq, "disposition")), "no_record");
    assert_string_equal(json_string_value(json_object_get(rq, "state")), "closed");
    assert_int_equal(json_object_size(json_object_get(rq, "iaq")), 0);
    assert_true(json_is_null(json_object_get(rq, "mules_ref")));
    assert_true(json_is_null(json_object_get(rq, "response_text")));
    assert_true(json_is_null(json_object_get(rq, "ncic_name")));
    json_t *co = json_object_get(j, "consular");
    assert_string_equal(json_string_value(json_object_get(co, "method")), "fax");
    assert_non_null(json_string_value(json_object_get(co, "notified")));
    assert_non_null(strstr(json_string_value(json_object_get(co, "consulate")), "Myanmar"));
    json_t *tl = json_object_get(j, "timeline");
    assert_true(json_array_size(tl) >= 6);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(tl, json_array_size(tl) - 1), "what")),
        "purged");
    json_decref(j);
    EXPECT(0, "639178\\n", "--as S2 export 2 --json");
    j = json_loads(slurp(out), 0, NULL);
    json_t *fam =
        json_object_get(json_object_get(json_object_get(j, "request"), "iaq"), "family_name");
    assert_string_equal(json_string_value(json_object_get(fam, "value")), "Brannigan");
    assert_true(json_is_true(json_object_get(fam, "redactable")));
    char *ptrs = json_dumps(json_object_get(j, "redactable"), 0);
    assert_non_null(strstr(ptrs, "/request/iaq/family_name"));
    assert_non_null(strstr(ptrs, "/request/mules_ref"));
    assert_non_null(strstr(ptrs, "/request/response_text"));
    free(ptrs);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(j, "legal_hold"), "reason")),
        "court order 26-CV-118");
    json_decref(j);
    EXPECT(77, "739164\\n", "--as D7 export 2 --json");
    EXPECT(66, "639178\\n", "--as S2 export 42 --json");
    EXPECT(64, NULL, "--local-admin export 2");

    /* search by name finds nothing once purged; the booking number still does */
    EXPECT(0, "739164\\n", "--as D7 intake list --search quill --json");
    assert_string_equal(slurp(out), "[]\n");
    EXPECT(0, "739164\\n", "--as D7 intake list --search 2026-prg --json");
    j = json_loads(slurp(out), 0, NULL);
    assert_int_equal(json_array_size(j), 1);
    assert_true(json_is_true(json_object_get(json_array_get(j, 0), "purged")));
    assert_true(json_is_null(json_object_get(json_array_get(j, 0), "ncic_name")));
    json_decref(j);

    /* release the hold: the next purge takes it */
    EXPECT(0, "639178\\n", "--as S2 intake unhold 2");
    EXPECT(65, "639178\\n", "--as S2 intake unhold 2");
    EXPECT(0, NULL, "--now 2026-04-13T00:00:00Z --local-admin --as A1 purge --due");
    assert_string_equal(slurp(out), "purged 1 intakes\n");
    assert_int_equal(count_in_db("Brannigan"), 0);
    assert_int_equal(count_in_db("BRANNIGAN"), 0);
    assert_true(count_in_db("Vandermeer") > 0);

    /* every step is in the audit trail, which still verifies */
    EXPECT(0, "639179\\n", "--as U5 audit list --json");
    const char *audit = slurp(out);
    assert_non_null(strstr(audit, "intake.hold"));
    assert_non_null(strstr(audit, "intake.unhold"));
    assert_non_null(strstr(audit, "store.purge"));
    assert_non_null(strstr(audit, "intake.export"));
    assert_null(strstr(audit, "26-CV-118")); /* the hold's reason stays out of the audit */
    EXPECT(0, "639179\\n", "--as U5 audit verify");
}

/* Issue 10's free text goes with the person, its steps stay as proof: a DHS
 * notification's note, a release note and a supersede reason (each naming
 * someone) are gone from the file and the WAL after the purge, while the DHS
 * step (due, done, by, method), the release time, the detainer record and
 * the consular wish are still in the export. */
static void test_purge_policy_fields(void **state)
{
    (void)state;
    snprintf(db, sizeof db, "%s/policy.db", dir);
    EXPECT(0, NULL, "db init");
    EXPECT(0, "482915\\n", "--local-admin user add --badge A1 --name 'Pat Admin' --role admin");
    EXPECT(0, "482915\\n739164\\n",
           "--as A1 user add --badge D7 --name 'Dana Deputy' --role deputy");
    EXPECT(0, "482915\\n639172\\n",
           "--as A1 user add --badge C3 --name 'Casey Comms' --role comms");
    EXPECT(0, "482915\\n639178\\n",
           "--as A1 user add --badge S2 --name 'Sam Super' --role supervisor");
    EXPECT(0, "482915\\n639179\\n", "--as A1 user add --badge U5 --name 'Aud Itor' --role auditor");
    EXPECT(0, NULL, "--local-admin db set retention_days 30");
    add_iaq("2026-03-02T10:00:00Z", "2026-DHS-001", "Ferncastle", "Odile");  /* 1: DHS */
    add_iaq("2026-03-02T10:05:00Z", "2026-DET-002", "Harrowgate", "Lionel"); /* 2: detainer */
    add_iaq("2026-03-02T10:10:00Z", "2026-SUP-003", "Wexmoor", "Cordelia");  /* 3: superseded */
    /* 1: unlawfully present, DHS notified with a note naming someone */
    EXPECT(0, NULL, "--now 2026-03-02T10:20:00Z --local-admin --as C3 request transmit 1");
    EXPECT(0, "IAR TEXT ONE\\n",
           "--now 2026-03-02T10:40:00Z --local-admin --as C3 request respond 1 --disposition "
           "record_found_unlawfully_present --text-file -");
    EXPECT(0, NULL,
           "--now 2026-03-02T11:00:00Z --local-admin --as D7 request dhs-notified 1 --method fax "
           "--note 'Told ERO officer Zebulon Quarrington'");
    EXPECT(0, NULL, "--now 2026-03-02T11:05:00Z --local-admin --as D7 consular wish 1 requested");
    EXPECT(0, NULL, "--now 2026-03-02T11:10:00Z --local-admin --as D7 request close 1");
    /* 2: released before the answer (a note naming someone), then a detainer */
    EXPECT(0, NULL, "--now 2026-03-02T10:20:00Z --local-admin --as C3 request transmit 2");
    EXPECT(0, NULL,
           "--now 2026-03-02T10:30:00Z --local-admin --as D7 request release 2 --note "
           "'Released to his sister Philippa Ostrowski'");
    EXPECT(0, "IAR TEXT TWO\\n",
           "--now 2026-03-02T10:45:00Z --local-admin --as C3 request respond 2 --disposition "
           "detainer_to_follow --text-file -");
    EXPECT(0, NULL,
           "--now 2026-03-02T12:00:00Z --local-admin --as D7 request detainer 2 --received "
           "2026-03-02T11:50:00Z --office 'ERO Kansas City' --form I-247A");
    EXPECT(0, NULL, "--now 2026-03-02T12:05:00Z --local-admin --as D7 request close 2");
    /* 3: superseded by a supervisor with a reason naming someone */
    char path[400], args[1024];
    snprintf(path, sizeof path, "%s/sup.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"booking_number\":\"2026-SUP-003\",\"charges\":[\"5404\"],\"nationality\":[\"US\"],"
          "\"personal_knowledge\":{\"reason\":\"Known from earlier bookings\"},"
          "\"supersede\":{\"reason\":\"Wrong person keyed: Marisol Thistlewood\"}}",
          f);
    fclose(f);
    snprintf(args, sizeof args,
             "--now 2026-03-02T10:30:00Z --local-admin --as S2 intake add --json '%s'", path);
    EXPECT(0, NULL, args);
    const char *names[] = {"Quarrington", "Ostrowski", "Thistlewood"};
    for (size_t i = 0; i < 3; i++)
        assert_true(count_in_db(names[i]) > 0); /* the grep sees what it looks for */

    EXPECT(0, NULL, "--now 2026-04-12T00:00:00Z --local-admin --as A1 purge --due");
    /* 1-3 and the superseding exemption (closed when it was made) */
    assert_string_equal(slurp(out), "purged 4 intakes\n");
    for (size_t i = 0; i < 3; i++)
        if (count_in_db(names[i]) != 0)
            fail_msg("'%s' is still in the database file or WAL after the purge", names[i]);
    assert_int_equal(count_in_db("Known from earlier bookings"), 0); /* the known reason too */
    assert_true(count_in_db("ERO Kansas City") > 0);                 /* the agency's, kept */

    /* the proof */
    EXPECT(0, "639179\\n", "--as U5 export 1 --json");
    json_t *j = json_loads(slurp(out), 0, NULL);
    json_t *dhs = json_object_get(json_object_get(j, "request"), "dhs_notification");
    assert_string_equal(json_string_value(json_object_get(dhs, "method")), "fax");
    assert_string_equal(json_string_value(json_object_get(dhs, "by")), "D7");
    assert_string_equal(json_string_value(json_object_get(dhs, "due")), "2026-03-02T10:40:00.00Z");
    assert_string_equal(json_string_value(json_object_get(dhs, "done")), "2026-03-02T11:00:00.00Z");
    assert_true(json_is_null(json_object_get(dhs, "note")));
    json_t *co = json_object_get(j, "consular");
    assert_string_equal(json_string_value(json_object_get(co, "wish")), "requested");
    assert_string_equal(json_string_value(json_object_get(co, "wish_by")), "D7");
    json_decref(j);
    EXPECT(0, "639179\\n", "--as U5 export 2 --json");
    j = json_loads(slurp(out), 0, NULL);
    json_t *rq = json_object_get(j, "request");
    assert_string_equal(json_string_value(json_object_get(rq, "released")),
                        "2026-03-02T10:30:00.00Z");
    assert_true(json_is_null(json_object_get(rq, "release_note")));
    json_t *det = json_object_get(rq, "detainer");
    assert_string_equal(json_string_value(json_object_get(det, "issuing_office")),
                        "ERO Kansas City");
    assert_string_equal(json_string_value(json_object_get(det, "form")), "I-247A");
    assert_string_equal(json_string_value(json_object_get(det, "received")),
                        "2026-03-02T11:50:00.00Z");
    json_decref(j);
    EXPECT(0, "639179\\n", "--as U5 export 3 --json");
    j = json_loads(slurp(out), 0, NULL);
    json_t *in = json_object_get(j, "intake");
    assert_true(json_is_true(json_object_get(in, "purged")));
    assert_true(json_is_null(json_object_get(in, "supersede_reason")));
    assert_string_equal(json_string_value(json_object_get(in, "booking_number")), "2026-SUP-003");
    json_decref(j);
    EXPECT(0, "639179\\n", "--as U5 audit verify");
}

int main(void)
{
    if (cli_find_kioskctl(bin, sizeof bin) != 0)
        return 1;
    snprintf(dir, sizeof dir, "/tmp/kiosk-records-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    snprintf(db, sizeof db, "%s/kiosk.db", dir);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    snprintf(err, sizeof err, "%s/err.txt", dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_purge_due_with_hold),
        cmocka_unit_test(test_purge_policy_fields),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return rc;
}
