/* The period report and the shift handover against a generated month
 * (tests/gen/records_gen.h): several hundred intakes over 30 days, every
 * basis and outcome, late consular steps. The generator counts what it did;
 * `kioskctl report period --json`, `report shift --json` and `intake list`
 * must give the same figures. TZ is UTC (set by CTest) and the store's
 * timezone setting America/Chicago: local days, weeks and the generator's
 * days are Chicago's, whatever the process's TZ (the month crosses the
 * change to daylight time on March 8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/request.h"
#include "gen/records_gen.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e/cli_run.h"

static char bin[512], dir[256], db[300], out[300], err[300];
static struct records_gen_truth truth;

static int run_in(const char *stdin_text, const char *args)
{
    return cli_run("", bin, db, stdin_text, args, out, err);
}

static int run(const char *args)
{
    return run_in(NULL, args);
}

static json_t *run_json(const char *args)
{
    int rc = run(args);
    if (rc != 0) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "cat '%s' >&2", err);
        if (system(cmd) != 0)
            fprintf(stderr, "(no stderr)\n");
        fail_msg("kioskctl %s: exit %d", args, rc);
    }
    json_error_t e;
    json_t *j = json_load_file(out, 0, &e);
    if (!j)
        fail_msg("kioskctl %s: not JSON: %s", args, e.text);
    return j;
}

static long long jint(json_t *o, const char *path)
{
    /* "a.b.c" */
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = o;
    char *save = NULL;
    for (char *k = strtok_r(buf, ".", &save); k && cur; k = strtok_r(NULL, ".", &save))
        cur = json_object_get(cur, k);
    if (!json_is_integer(cur))
        fail_msg("%s is not an integer", path);
    return (long long)json_integer_value(cur);
}

static int setup(void **state)
{
    (void)state;
    char cmd[2400], lic[700];
    const char *src = getenv("KIOSK_TEST_DIR");
    snprintf(lic, sizeof lic, "%s/../assets/demo/licence-valid-az.txt", src);
    snprintf(cmd, sizeof cmd, "'%s' id parse --json --today 2026-03-15 '%s' > '%s/lic.json'", bin,
             lic, dir);
    if (system(cmd) != 0)
        return -1;
    snprintf(cmd, sizeof cmd, "%s/lic.json", dir);
    json_t *licence = json_load_file(cmd, 0, NULL);
    if (!licence)
        return -1;
    kiosk_ms_t start;
    clock_parse_iso("2026-03-02T06:00:00Z", &start); /* a Monday, 00:00 CST */
    char msg[300] = "";
    int rc = records_gen_month(db, 20261102, "America/Chicago", start, 30, 10, 18, licence, &truth,
                               msg, sizeof msg);
    json_decref(licence);
    if (rc != 0) {
        fprintf(stderr, "records_gen_month: %d %s\n", rc, msg);
        return -1;
    }
    return run("--local-admin db set timezone America/Chicago") == 0 ? 0 : -1;
}

static void test_generated_month_is_rich(void **state)
{
    (void)state;
    /* the generator covers what the report must count */
    assert_true(truth.intakes >= 300 && truth.intakes <= 540);
    assert_true(truth.exempt_id > 0 && truth.exempt_id_manual > 0 && truth.exempt_known > 0 &&
                truth.iaq > 0);
    for (int d = 0; d < RECORDS_GEN_DISPOS; d++)
        assert_true(truth.dispositions[d] > 0);
    assert_true(truth.cancelled > 0 && truth.still_open > 0 && truth.open_unacknowledged > 0);
    assert_true(truth.within_48h < truth.transmitted); /* some broke the 48 hours */
    int64_t late_notified = 0, late_informed = 0;
    for (int c = 0; c < RECORDS_GEN_COUNTRIES; c++) {
        late_notified += truth.countries[c].late_notified;
        late_informed += truth.countries[c].late_informed;
    }
    assert_true(late_notified > 0 && late_informed > 0);
    /* issue 10's outcomes: DHS notices on time, late and missing; detainers
     * received and awaited; releases (some answered later); wishes */
    assert_true(truth.dhs_done > truth.dhs_done_late && truth.dhs_done_late > 0 &&
                truth.dhs_outstanding > 0);
    assert_true(truth.detainers_received > 0 && truth.open_detainers > 0);
    assert_true(truth.released > truth.released_answered && truth.released_answered > 0);
    assert_true(truth.consular_requested > 0 && truth.consular_declined > 0);
    assert_true(truth.end - truth.start == (30 * 24 - 1) * 3600000LL); /* DST: 719 h */
}

static void test_period_report_matches(void **state)
{
    (void)state;
    json_t *r = run_json("--now 2026-04-01T05:00:00Z --local-admin report period --from "
                         "2026-03-02 --to 2026-03-31 --json");
    assert_int_equal(jint(r, "intakes"), truth.intakes);
    assert_int_equal(jint(r, "by_basis.exempt_id"), truth.exempt_id);
    assert_int_equal(jint(r, "by_basis.exempt_id_manual"), truth.exempt_id_manual);
    assert_int_equal(jint(r, "by_basis.exempt_known"), truth.exempt_known);
    assert_int_equal(jint(r, "by_basis.iaq"), truth.iaq);
    json_t *dep = json_object_get(r, "by_deputy");
    assert_int_equal(json_array_size(dep), RECORDS_GEN_DEPUTIES);
    for (size_t i = 0; i < json_array_size(dep); i++) {
        json_t *d = json_array_get(dep, i);
        const char *b = json_string_value(json_object_get(d, "badge"));
        int k = -1;
        for (int j = 0; j < RECORDS_GEN_DEPUTIES; j++)
            if (!strcmp(truth.deputy_badge[j], b))
                k = j;
        assert_true(k >= 0);
        assert_int_equal(jint(d, "exempt_id"), truth.deputy_exempt_id[k]);
        assert_int_equal(jint(d, "exempt_known"), truth.deputy_exempt_known[k]);
        assert_int_equal(jint(d, "iaq"), truth.deputy_iaq[k]);
    }
    assert_int_equal(jint(r, "iaq.transmitted"), truth.transmitted);
    assert_int_equal(jint(r, "iaq.responded"), truth.responded);
    assert_int_equal(jint(r, "iaq.within_response_sla"), truth.within_sla);
    assert_int_equal(jint(r, "iaq.within_48h"), truth.within_48h);
    assert_int_equal(jint(r, "iaq.cancelled"), truth.cancelled);
    assert_int_equal(jint(r, "iaq.still_open"), truth.still_open);
    assert_int_equal(jint(r, "iaq.booking_to_transmitted_median_s"), truth.b2t_median / 1000);
    assert_int_equal(jint(r, "iaq.booking_to_transmitted_p90_s"), truth.b2t_p90 / 1000);
    assert_int_equal(jint(r, "iaq.transmitted_to_responded_median_s"), truth.t2r_median / 1000);
    assert_int_equal(jint(r, "iaq.transmitted_to_responded_p90_s"), truth.t2r_p90 / 1000);
    json_t *dis = json_object_get(json_object_get(r, "iaq"), "dispositions");
    const char *const *names = request_dispositions();
    for (int d = 0; d < RECORDS_GEN_DISPOS; d++)
        assert_int_equal(json_integer_value(json_object_get(dis, names[d])), truth.dispositions[d]);
    json_t *cty = json_object_get(r, "consular");
    int64_t late = 0;
    for (int c = 0; c < RECORDS_GEN_COUNTRIES; c++) {
        const struct records_gen_country *tc = &truth.countries[c];
        late += tc->late_steps;
        json_t *got = NULL;
        for (size_t i = 0; i < json_array_size(cty); i++)
            if (!strcmp(json_string_value(json_object_get(json_array_get(cty, i), "code")),
                        tc->code))
                got = json_array_get(cty, i);
        if (!tc->records) {
            assert_null(got);
            continue;
        }
        assert_non_null(got);
        assert_int_equal(jint(got, "records"), tc->records);
        assert_int_equal(jint(got, "mandatory"), tc->mandatory ? tc->records : 0);
        assert_int_equal(jint(got, "informed_within_24h"), tc->informed_24h);
        assert_int_equal(jint(got, "notified_within_72h"), tc->notified_72h);
        assert_int_equal(jint(got, "late_informed"), tc->late_informed);
        assert_int_equal(jint(got, "late_notified"), tc->late_notified);
        assert_int_equal(jint(got, "outstanding"), tc->outstanding);
    }
    /* late steps stay visible once recorded: every one is listed */
    assert_int_equal(json_array_size(json_object_get(r, "consular_late")), late);
    json_t *days = json_object_get(r, "per_day");
    assert_int_equal(json_array_size(days), 30);
    for (int d = 0; d < 30; d++)
        assert_int_equal(jint(json_array_get(days, (size_t)d), "iaq"), truth.per_day_iaq[d]);
    /* issue 10's steps */
    int64_t requested = 0, declined = 0;
    for (int c = 0; c < RECORDS_GEN_COUNTRIES; c++) {
        const struct records_gen_country *tc = &truth.countries[c];
        requested += tc->requested;
        declined += tc->declined;
        for (size_t i = 0; i < json_array_size(cty); i++) {
            json_t *got = json_array_get(cty, i);
            if (strcmp(json_string_value(json_object_get(got, "code")), tc->code) != 0)
                continue;
            assert_int_equal(jint(got, "requested"), tc->requested);
            assert_int_equal(jint(got, "declined"), tc->declined);
        }
    }
    assert_int_equal(requested, truth.consular_requested);
    assert_int_equal(declined, truth.consular_declined);
    assert_int_equal(jint(r, "consular_wish.requested"), truth.consular_requested);
    assert_int_equal(jint(r, "consular_wish.declined"), truth.consular_declined);
    assert_int_equal(jint(r, "dhs_notifications.due"), truth.dhs_due);
    assert_int_equal(jint(r, "dhs_notifications.done"), truth.dhs_done);
    assert_int_equal(jint(r, "dhs_notifications.done_late"), truth.dhs_done_late);
    assert_int_equal(jint(r, "dhs_notifications.outstanding"), truth.dhs_outstanding);
    /* late DHS notices stay listed after they were recorded */
    json_t *dl = json_object_get(json_object_get(r, "dhs_notifications"), "late");
    assert_int_equal(json_array_size(dl), truth.dhs_late_listed);
    int64_t recorded_late = 0;
    for (size_t i = 0; i < json_array_size(dl); i++)
        recorded_late += !json_is_null(json_object_get(json_array_get(dl, i), "done"));
    assert_int_equal(recorded_late, truth.dhs_done_late);
    assert_int_equal(jint(r, "detainers.opened"), truth.detainers_opened);
    assert_int_equal(jint(r, "detainers.received"), truth.detainers_received);
    assert_int_equal(jint(r, "released_before_answer.released"), truth.released);
    assert_int_equal(jint(r, "released_before_answer.answered_later"), truth.released_answered);
    json_decref(r);

    /* CSV carries the same figures */
    assert_int_equal(run("--now 2026-04-01T05:00:00Z --local-admin report period --from "
                         "2026-03-02 --to 2026-03-31 --csv"),
                     0);
    char want[96];
    snprintf(want, sizeof want, "intakes,all,total,%lld\n", (long long)truth.intakes);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "grep -qx 'intakes,all,total,%lld' '%s'", (long long)truth.intakes,
             out);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "grep -qx 'dhs,all,done_late,%lld' '%s'",
             (long long)truth.dhs_done_late, out);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "grep -qx 'released_before_answer,all,released,%lld' '%s'",
             (long long)truth.released, out);
    assert_int_equal(system(cmd), 0);
    /* bad ranges are usage errors */
    assert_int_equal(run("--local-admin report period --from 2026-03-10 --to 2026-03-01"), 64);
    assert_int_equal(run("--local-admin report period --from 2026-03-10"), 64);
    assert_int_equal(run("--local-admin report period --from 2024-01-01 --to 2026-03-01"), 64);
}

static void test_week_starts_monday(void **state)
{
    (void)state;
    /* a Thursday; Monday 00:00 in Chicago (CDT since March 8) is 05:00Z */
    json_t *r = run_json("--now 2026-04-01T05:00:00Z --local-admin report week --at "
                         "2026-03-12T15:00:00Z --json");
    assert_int_equal(
        strncmp(json_string_value(json_object_get(r, "from")), "2026-03-09T05:00:00", 19), 0);
    assert_int_equal(
        strncmp(json_string_value(json_object_get(r, "to")), "2026-03-16T05:00:00", 19), 0);
    assert_int_equal(json_array_size(json_object_get(r, "per_day")), 7);
    json_decref(r);
}

static void test_shift_handover_matches(void **state)
{
    (void)state;
    json_t *r = run_json("--now 2026-04-01T05:00:00Z --local-admin report shift --json");
    assert_int_equal(jint(r, "queued"), truth.open_queued);
    assert_int_equal(jint(r, "awaiting_answer"), truth.open_waiting);
    assert_int_equal(jint(r, "needs_info"), truth.open_needs_info);
    assert_int_equal(jint(r, "answers_unread"), truth.open_unacknowledged);
    assert_int_equal(jint(r, "consular_inform"), truth.consular_to_inform);
    assert_int_equal(jint(r, "consular_notify"), truth.consular_to_notify);
    assert_int_equal(jint(r, "dhs_due"), truth.open_dhs_due);
    assert_int_equal(jint(r, "detainers_pending"), truth.open_detainers);
    json_decref(r);
    /* a handover replayed for a past time shows what was open then */
    char args[200], at[KIOSK_ISO_LEN];
    snprintf(args, sizeof args,
             "--now 2026-04-01T05:00:00Z --local-admin report shift --at %s --json",
             clock_format_iso(truth.mid, at, sizeof at));
    r = run_json(args);
    assert_int_equal(jint(r, "queued"), truth.mid_queued);
    assert_int_equal(jint(r, "awaiting_answer"), truth.mid_waiting);
    assert_int_equal(jint(r, "needs_info"), truth.mid_needs_info);
    assert_int_equal(jint(r, "answers_unread"), truth.mid_unacknowledged);
    assert_int_equal(jint(r, "consular_inform"), truth.mid_to_inform);
    assert_int_equal(jint(r, "consular_notify"), truth.mid_to_notify);
    assert_int_equal(jint(r, "dhs_due"), truth.mid_dhs_due);
    assert_int_equal(jint(r, "detainers_pending"), truth.mid_detainers);
    assert_true(truth.mid_queued + truth.mid_waiting > 0);
    json_decref(r);
    /* the history lists every intake */
    r = run_json("--now 2026-04-01T05:00:00Z --local-admin intake list --json");
    assert_int_equal(json_array_size(r), truth.intakes);
    json_decref(r);
    r = run_json("--local-admin intake list --basis iaq --from 2026-03-02 --to 2026-03-02 --json");
    assert_int_equal(json_array_size(r), truth.per_day_iaq[0]);
    json_decref(r);
}

/* Hours a report bound cuts are read from the rows, whole hours from the
 * summary: under a half-hour zone (Asia/Kolkata, UTC+05:30) and with bounds
 * given as times, the report still equals the history list over the same
 * bounds (which reads the rows), in total, by basis, cancelled and per day. */
static void test_cut_hours_match_rows(void **state)
{
    (void)state;
    assert_int_equal(run("--local-admin db set timezone Asia/Kolkata"), 0);
    static const char *const ranges[][2] = {{"2026-03-05", "2026-03-19"},
                                            {"2026-03-04T10:17:00Z", "2026-03-21T03:41:00Z"},
                                            {"2026-03-08", "2026-03-08"}};
    for (size_t k = 0; k < sizeof ranges / sizeof ranges[0]; k++) {
        char args[300];
        snprintf(args, sizeof args,
                 "--now 2026-04-01T05:00:00Z --local-admin report period --from %s --to %s --json",
                 ranges[k][0], ranges[k][1]);
        json_t *r = run_json(args);
        snprintf(args, sizeof args, "--local-admin intake list --from %s --to %s --json",
                 ranges[k][0], ranges[k][1]);
        json_t *l = run_json(args);
        long long iaq = 0, cancelled = 0, sum = 0;
        for (size_t i = 0; i < json_array_size(l); i++) {
            json_t *row = json_array_get(l, i);
            iaq += !strcmp(json_string_value(json_object_get(row, "basis")), "iaq");
            cancelled += !strcmp(json_string_value(json_object_get(row, "state")), "cancelled");
        }
        assert_true(json_array_size(l) > 0);
        assert_int_equal(jint(r, "intakes"), (long long)json_array_size(l));
        assert_int_equal(jint(r, "by_basis.iaq"), iaq);
        assert_int_equal(jint(r, "iaq.cancelled"), cancelled);
        json_t *days = json_object_get(r, "per_day");
        for (size_t d = 0; d < json_array_size(days); d++) {
            json_t *o = json_array_get(days, d);
            sum += jint(o, "exempt_id") + jint(o, "exempt_known") + jint(o, "iaq");
        }
        assert_int_equal(sum, jint(r, "intakes"));
        json_decref(l);
        json_decref(r);
    }
    assert_int_equal(run("--local-admin db set timezone America/Chicago"), 0);
}

/* The day boundary is Chicago's midnight, not UTC's (TZ=UTC in the
 * environment): an intake at 2026-03-10T04:30Z (23:30 CDT) is on March 9. */
static void test_day_boundary_is_local(void **state)
{
    (void)state;
    char keep[300];
    snprintf(keep, sizeof keep, "%s", db);
    snprintf(db, sizeof db, "%s/tz.db", dir);
    assert_int_equal(run("db init"), 0);
    assert_int_equal(run("--local-admin db set timezone America/Chicago"), 0);
    assert_int_equal(
        run_in("482915\\n", "--local-admin user add --badge A1 --name 'Pat Admin' --role admin"),
        0);
    assert_int_equal(run_in("482915\\n739164\\n",
                            "--as A1 user add --badge D7 --name 'Dana Deputy' --role deputy"),
                     0);
    char path[400], args[600];
    snprintf(path, sizeof path, "%s/late.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"booking_number\":\"TZ-0001\",\"charges\":[\"5404\"],\"nationality\":[\"US\"],"
          "\"personal_knowledge\":{\"reason\":\"Known to the member\"}}",
          f);
    fclose(f);
    snprintf(args, sizeof args,
             "--now 2026-03-10T04:30:00Z --local-admin --as D7 intake add --json '%s'", path);
    assert_int_equal(run(args), 0);
    json_t *r = run_json("--now 2026-03-11T12:00:00Z --local-admin report period --from 2026-03-09 "
                         "--to 2026-03-09 --json");
    assert_int_equal(jint(r, "intakes"), 1);
    assert_int_equal(jint(json_array_get(json_object_get(r, "per_day"), 0), "exempt_known"), 1);
    json_decref(r);
    r = run_json("--now 2026-03-11T12:00:00Z --local-admin report period --from 2026-03-10 "
                 "--to 2026-03-10 --json");
    assert_int_equal(jint(r, "intakes"), 0);
    json_decref(r);
    r = run_json("--local-admin intake list --from 2026-03-09 --to 2026-03-09 --json");
    assert_int_equal(json_array_size(r), 1);
    json_decref(r);
    /* the same instant under a UTC store setting is on the 10th */
    assert_int_equal(run("--local-admin db set timezone Etc/UTC"), 0);
    r = run_json("--local-admin intake list --from 2026-03-10 --to 2026-03-10 --json");
    assert_int_equal(json_array_size(r), 1);
    json_decref(r);
    snprintf(db, sizeof db, "%s", keep);
}

int main(void)
{
    if (!getenv("KIOSK_BIN_DIR") || !getenv("KIOSK_TEST_DIR")) {
        fprintf(stderr, "FAIL: KIOSK_BIN_DIR/KIOSK_TEST_DIR not set (run through ctest)\n");
        return 1;
    }
    if (cli_find_kioskctl(bin, sizeof bin) != 0)
        return 1;
    snprintf(dir, sizeof dir, "/tmp/kiosk-report-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    snprintf(db, sizeof db, "%s/kiosk.db", dir);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    snprintf(err, sizeof err, "%s/err.txt", dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_month_is_rich),
        cmocka_unit_test(test_period_report_matches),
        cmocka_unit_test(test_week_starts_monday),
        cmocka_unit_test(test_shift_handover_matches),
        cmocka_unit_test(test_cut_hours_match_rows),
        cmocka_unit_test(test_day_boundary_is_local),
    };
    int rc = cmocka_run_group_tests(tests, setup, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return rc;
}
