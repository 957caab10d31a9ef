/* records.h in process: legal-hold rules (roles, reasons, a purged intake,
 * release), the purge's keep/drop line read back through the core, timeline
 * order, history filters and their refusals, roles of the export, slip and
 * reports, and that each view leaves its audit row. */
#include "store_fixture.h"

#include "core/audit.h"
#include "core/consular.h"
#include "core/intake.h"
#include "core/request.h"
#include "records/records.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

static int setup(void **state)
{
    *state = fixture_create(1);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    fixture_destroy(*state);
    return 0;
}

static int64_t add_iaq(struct fixture *f, const char *booking, const char *family,
                       int64_t *request_id)
{
    struct intake_input in;
    memset(&in, 0, sizeof in);
    snprintf(in.booking_number, sizeof in.booking_number, "%s", booking);
    strcpy(in.charges[0], "1313");
    in.basis = INTAKE_IAQ;
    snprintf(in.iaq.family_name, sizeof in.iaq.family_name, "%s", family);
    strcpy(in.iaq.first_name, "Jane");
    strcpy(in.iaq.dob, "1990-05-06");
    strcpy(in.iaq.sex, "F");
    strcpy(in.iaq.pob, "GD");
    strcpy(in.iaq.nationality[0], "GD");
    struct iaq_problems p;
    int64_t iid = 0;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, request_id), KIOSK_OK);
    return iid;
}

/* Queued -> transmitted -> responded -> closed, a minute apart. */
static void answer_and_close(struct fixture *f, int64_t rid)
{
    char msg[200];
    f->now += KIOSK_MS_PER_MIN;
    assert_int_equal(request_transmit(f->st, &f->comms, rid, "MREF-7", msg, sizeof msg), 0);
    f->now += KIOSK_MS_PER_MIN;
    assert_int_equal(
        request_respond(f->st, &f->comms, rid, "no_record", "IAR TEXT", msg, sizeof msg), 0);
    f->now += KIOSK_MS_PER_MIN;
    assert_int_equal(request_close(f->st, &f->deputy, rid, msg, sizeof msg), 0);
}

static void test_hold_rules(void **state)
{
    struct fixture *f = *state;
    char msg[200];
    int64_t rid;
    int64_t a = add_iaq(f, "R-HOLD-1", "Holdfast", &rid);
    assert_int_equal(records_hold(f->st, &f->deputy, a, "court order", msg, sizeof msg),
                     KIOSK_ERR_PERM);
    assert_int_equal(records_hold(f->st, &f->auditor, a, "court order", msg, sizeof msg),
                     KIOSK_ERR_PERM);
    assert_int_equal(records_hold(f->st, &f->supervisor, a, "", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(records_hold(f->st, &f->supervisor, a, "bad\ttab", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(records_hold(f->st, &f->supervisor, 999, "court order", msg, sizeof msg),
                     KIOSK_ERR_NOT_FOUND);
    assert_int_equal(records_hold(f->st, &f->supervisor, a, "court order", msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(records_hold(f->st, &f->admin, a, "again", msg, sizeof msg), KIOSK_ERR_STATE);
    assert_int_equal(records_unhold(f->st, &f->deputy, a, msg, sizeof msg), KIOSK_ERR_PERM);
    assert_int_equal(records_unhold(f->st, &f->admin, a, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(records_unhold(f->st, &f->admin, a, msg, sizeof msg), KIOSK_ERR_STATE);
    /* purged: nothing left to hold */
    answer_and_close(f, rid);
    f->now += 400 * KIOSK_MS_PER_DAY;
    struct records_purge_result res;
    assert_int_equal(records_purge_due(f->st, &f->supervisor, &res), KIOSK_ERR_PERM);
    assert_int_equal(records_purge_due(f->st, &f->admin, &res), KIOSK_OK);
    assert_int_equal(res.purged, 1);
    assert_int_equal(res.held, 0);
    assert_true(res.wal_clean);
    assert_int_equal(records_hold(f->st, &f->supervisor, a, "late order", msg, sizeof msg),
                     KIOSK_ERR_STATE);
    assert_int_equal(records_purge_older(f->st, &f->admin, 0, &res), KIOSK_ERR_INVALID);
}

static void test_purge_keeps_the_proof(void **state)
{
    struct fixture *f = *state;
    char msg[200];
    int64_t rid;
    int64_t a = add_iaq(f, "R-PROOF-1", "Proofington", &rid);
    answer_and_close(f, rid);
    f->now += KIOSK_MS_PER_MIN;
    assert_int_equal(consular_informed(f->st, &f->deputy, a, msg, sizeof msg), 0);
    assert_int_equal(
        consular_notified(f->st, &f->deputy, a, "Embassy of Georgia", "fax", msg, sizeof msg), 0);
    f->now += 31 * KIOSK_MS_PER_DAY;
    struct records_purge_result res;
    assert_int_equal(records_purge_older(f->st, &f->admin, 30, &res), KIOSK_OK);
    assert_int_equal(res.purged, 1);
    assert_int_equal(res.facts_kept, 0); /* a station that never joined a hub */
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->admin, rid, &d), KIOSK_OK);
    assert_true(d.purged);
    assert_string_equal(d.row.booking_number, "R-PROOF-1"); /* kept */
    assert_string_equal(d.row.offense, "1313");
    assert_string_equal(d.row.disposition, "no_record");
    assert_int_equal(d.row.state, REQUEST_CLOSED);
    assert_string_equal(d.row.ncic_name, ""); /* dropped */
    assert_string_equal(d.row.mules_ref, "");
    assert_string_equal(d.iaq.family_name, "");
    assert_null(d.response_text);
    request_detail_finish(&d);
    struct consular_record c;
    assert_int_equal(consular_get(f->st, &f->deputy, a, &c), KIOSK_OK);
    assert_string_equal(c.consulate, "Embassy of Georgia");
    assert_string_equal(c.method, "fax");
    assert_true(c.informed > 0 && c.notified > 0);
    /* the timeline ends with the purge, oldest first */
    struct records_event *ev;
    size_t n;
    assert_int_equal(records_timeline(f->st, &f->auditor, a, &ev, &n), KIOSK_OK);
    assert_true(n >= 7);
    for (size_t i = 1; i < n; i++)
        assert_true(ev[i].at >= ev[i - 1].at);
    assert_string_equal(ev[n - 1].what, "purged");
    free(ev);
    int64_t bad;
    assert_int_equal(audit_verify(f->st, &f->admin, &bad, NULL, msg, sizeof msg), KIOSK_OK);
}

static void test_list_filters_and_roles(void **state)
{
    struct fixture *f = *state;
    int64_t r1, r2;
    add_iaq(f, "R-LIST-1", "Listerine", &r1);
    f->now += KIOSK_MS_PER_HOUR;
    add_iaq(f, "R-LIST-2", "Lisbon", &r2);
    struct records_row *rows;
    size_t n;
    struct records_filter flt = {0};
    assert_int_equal(records_list(f->st, &f->comms, &flt, &rows, &n), KIOSK_ERR_PERM);
    assert_int_equal(records_list(f->st, &f->auditor, &flt, &rows, &n), KIOSK_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].booking_number, "R-LIST-2"); /* newest first */
    free(rows);
    snprintf(flt.search, sizeof flt.search, "lis");
    assert_int_equal(records_list(f->st, &f->deputy, &flt, &rows, &n), KIOSK_OK);
    assert_int_equal(n, 2);
    free(rows);
    snprintf(flt.search, sizeof flt.search, "LISB");
    assert_int_equal(records_list(f->st, &f->deputy, &flt, &rows, &n), KIOSK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].ncic_name, "LISBON,JANE");
    free(rows);
    snprintf(flt.search, sizeof flt.search, "%%");
    assert_int_equal(records_list(f->st, &f->deputy, &flt, &rows, &n), KIOSK_OK);
    assert_int_equal(n, 0); /* no wildcards */
    free(rows);
    memset(&flt, 0, sizeof flt);
    snprintf(flt.state, sizeof flt.state, "bogus");
    assert_int_equal(records_list(f->st, &f->deputy, &flt, &rows, &n), KIOSK_ERR_INVALID);
    memset(&flt, 0, sizeof flt);
    flt.from = f->now;
    flt.to = f->now - 1;
    assert_int_equal(records_list(f->st, &f->deputy, &flt, &rows, &n), KIOSK_ERR_INVALID);
    /* export and slip roles */
    json_t *o;
    assert_int_equal(records_export(f->st, &f->deputy, 1, &o), KIOSK_ERR_PERM);
    assert_int_equal(records_slip(f->st, &f->auditor, 1, &o), KIOSK_ERR_PERM);
    assert_int_equal(records_slip(f->st, &f->deputy, 1, &o), KIOSK_OK);
    json_decref(o);
    assert_int_equal(records_export(f->st, &f->auditor, 77, &o), KIOSK_ERR_NOT_FOUND);
    /* reports: roles and ranges */
    struct records_period *p = malloc(sizeof *p);
    assert_non_null(p);
    assert_int_equal(records_report_period(f->st, &f->deputy, f->now - KIOSK_MS_PER_DAY, f->now, p),
                     KIOSK_ERR_PERM);
    assert_int_equal(records_report_period(f->st, &f->auditor, f->now, f->now, p),
                     KIOSK_ERR_INVALID);
    assert_int_equal(
        records_report_period(f->st, &f->auditor, f->now - 401 * KIOSK_MS_PER_DAY, f->now, p),
        KIOSK_ERR_INVALID);
    assert_int_equal(records_report_period(f->st, &f->auditor, f->now - KIOSK_MS_PER_DAY,
                                           f->now + KIOSK_MS_PER_HOUR, p),
                     KIOSK_OK);
    assert_int_equal(p->iaq, 2);
    assert_int_equal(p->transmitted, 0);
    assert_int_equal(p->b2t_median, -1);
    records_period_finish(p);
    free(p);
    struct records_shift sh;
    assert_int_equal(records_report_shift(f->st, &f->comms, 0, &sh), KIOSK_ERR_PERM);
    assert_int_equal(records_report_shift(f->st, &f->deputy, 0, &sh), KIOSK_OK);
    assert_int_equal(sh.queued, 2);
    assert_int_equal(sh.consular_inform, 2);
    assert_int_equal(sh.consular_notify, 2); /* Georgia is on the mandatory list */
    records_shift_finish(&sh);
    /* every view left its audit row */
    struct audit_row *ar;
    size_t an;
    assert_int_equal(audit_list(f->st, &f->admin, 0, 0, &ar, &an), KIOSK_OK);
    int list = 0, slip = 0, period = 0, shift = 0;
    for (size_t i = 0; i < an; i++) {
        list += !strcmp(ar[i].action, "intake.list");
        slip += !strcmp(ar[i].action, "intake.slip");
        period += !strcmp(ar[i].action, "report.period");
        shift += !strcmp(ar[i].action, "report.shift");
    }
    free(ar);
    assert_true(list >= 1 && slip == 1 && period == 1 && shift == 1);
}

static kiosk_ms_t iso(const char *s)
{
    kiosk_ms_t t = 0;
    assert_int_equal(clock_parse_iso(s, &t), 0);
    return t;
}

/* Days, weeks and shifts in the configured zone (America/Chicago), whatever
 * the process's TZ says (CTest runs with TZ=UTC; a second round with Tokyo). */
static void test_week_start(void **state)
{
    (void)state;
    const char *zone = "America/Chicago";
    for (int round = 0; round < 2; round++) {
        if (round == 1) {
            setenv("TZ", "Asia/Tokyo", 1);
            tzset();
        }
        /* Thursday 2026-03-12 10:00 CDT -> Monday 2026-03-09 00:00 CDT (05:00Z) */
        kiosk_ms_t want = iso("2026-03-09T05:00:00Z"), d;
        assert_int_equal(records_week_start(zone, iso("2026-03-12T15:00:00Z")), want);
        assert_int_equal(records_week_start(zone, want), want); /* a Monday is its own week */
        /* 2026-03-09T04:30Z is Sunday 23:30 CDT: the week before, from Monday
         * 2026-03-02 00:00 CST (06:00Z), 167 hours long (DST began on the 8th) */
        kiosk_ms_t prev = records_week_start(zone, iso("2026-03-09T04:30:00Z"));
        assert_int_equal(prev, iso("2026-03-02T06:00:00Z"));
        assert_int_equal(records_day_start(zone, prev, 7, &d), 0);
        assert_int_equal(d - prev, 167 * KIOSK_MS_PER_HOUR);
        /* an intake at 2026-03-10T04:30Z is on March 9 in Chicago */
        assert_int_equal(records_day_start(zone, iso("2026-03-10T04:30:00Z"), 0, &d), 0);
        assert_int_equal(d, iso("2026-03-09T05:00:00Z"));
        assert_int_equal(records_parse_day(zone, "2026-03-09", true, &d), 0);
        assert_int_equal(d, iso("2026-03-10T05:00:00Z"));
        assert_int_equal(records_parse_day(zone, "2026-03-09T23:00", false, &d), 0);
        assert_int_equal(d, iso("2026-03-10T04:00:00Z")); /* wall clock in the zone */
        assert_int_equal(records_parse_day(zone, "2026-02-30", false, &d), KIOSK_ERR_INVALID);
        /* shifts: 07:00 and 19:00 local */
        kiosk_ms_t f, t;
        assert_int_equal(records_shift_bounds(zone, iso("2026-03-10T04:30:00Z"), 0, &f, &t), 0);
        assert_int_equal(f, iso("2026-03-10T00:00:00Z")); /* 19:00 CDT on the 9th */
        assert_int_equal(t, iso("2026-03-10T12:00:00Z")); /* 07:00 CDT on the 10th */
        assert_int_equal(records_shift_bounds(zone, iso("2026-03-10T04:30:00Z"), 1, &f, &t), 0);
        assert_int_equal(f, iso("2026-03-09T12:00:00Z"));
        assert_int_equal(t, iso("2026-03-10T00:00:00Z"));
        assert_int_equal(records_shift_bounds(zone, iso("2026-03-10T12:00:00Z"), 0, &f, &t), 0);
        assert_int_equal(f, iso("2026-03-10T12:00:00Z")); /* a boundary starts its shift */
        assert_int_equal(t, iso("2026-03-11T00:00:00Z"));
        assert_int_equal(records_shift_bounds(zone, iso("2026-03-10T11:59:00Z"), 0, &f, &t), 0);
        assert_int_equal(f, iso("2026-03-10T00:00:00Z"));
        assert_int_equal(records_shift_bounds(zone, iso("2026-03-10T11:59:00Z"), 2, &f, &t),
                         KIOSK_ERR_INVALID);
    }
    setenv("TZ", "UTC", 1);
    tzset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hold_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge_keeps_the_proof, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters_and_roles, setup, teardown),
        cmocka_unit_test(test_week_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
