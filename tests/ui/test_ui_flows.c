/* Scripted flows through booking-kiosk, in process: SDL events pushed as a
 * finger, mouse or keyboard would, then the database checked through the
 * core (never through the screen). Sign-in and lockout, valid ID ->
 * exemption, valid ID with a foreign nationality -> consular record on the
 * board, ID without barcode entered by hand, expired ID -> prefilled IAQ ->
 * queued, personally known with a supervisor's co-sign, comms transmit -> respond -> board
 * acknowledge -> closed, idle lock, touch/mouse de-duplication and keyboard-only use. */
#include "harness.h"

#include "core/kiosk_err.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#define NOW "2026-03-10T14:05:00Z"

static struct harness *open_app(void)
{
    struct harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    if (h_open(h, 1280, 720, NOW) != 0)
        fail_msg("app: %s", h->err);
    return h;
}

static void close_app(struct harness *h)
{
    h_close(h);
    free(h);
}

static struct auth_actor admin_actor(struct harness *h)
{
    struct auth_actor a;
    assert_int_equal(auth_actor_local_admin(h->app->st, NULL, &a), 0);
    return a;
}

static void begin_intake(struct harness *h, const char *booking, const char *charge)
{
    assert_true(h_tap(h, "New intake", 0));
    assert_true(h_tap_field(h, "Booking number"));
    h_type(h, booking);
    assert_true(h_tap_field(h, "Add a charge: NCIC code or words (most serious first)"));
    h_type(h, charge);
    assert_true(h_tap(h, "offense", 1));
}

static void scan_fixture(struct harness *h, const char *name)
{
    char rel[128], path[512];
    snprintf(rel, sizeof rel, "ui/data/%s", name);
    assert_int_equal(h_scan_file(h, h_test_path(rel, path, sizeof path)), 0);
}

static void test_sign_in_and_lockout(void **state)
{
    (void)state;
    struct harness *h = open_app();
    /* Four wrong PINs, then a fifth: the user is locked. */
    for (int i = 0; i < AUTH_LOCK_FAILURES; i++) {
        assert_true(h_sign_in(h, "4411", "111111"));
        assert_false(h->app->signed_in);
        h_tap(h, "Cancel", 0);
    }
    assert_non_null(strstr(h->app->signin.message, "locked"));
    /* The right PIN no longer works. */
    assert_true(h_sign_in(h, "4411", "482915"));
    assert_false(h->app->signed_in);
    assert_int_equal(app_top(h->app), SCREEN_SIGNIN);
    struct auth_user *users = NULL;
    size_t n = 0;
    struct auth_actor admin = admin_actor(h);
    assert_int_equal(auth_user_list_as(h->app->st, &admin, &users, &n), 0);
    bool locked = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(users[i].badge, "4411") == 0)
            locked = users[i].locked;
    free(users);
    assert_true(locked);
    /* Another user signs in fine, by picking the name from the list. */
    h_tap(h, "Cancel", 0);
    assert_true(h_sign_in(h, "6001", "615283"));
    assert_true(h->app->signed_in);
    assert_string_equal(h->app->actor.badge, "6001");
    /* The supervisor may not list users (the core refuses), but unlocks
     * 4411 by badge; 4411 then signs in. */
    assert_true(h_tap(h, "Users", 0));
    assert_int_equal(app_top(h->app), SCREEN_USERS);
    assert_true(h->app->admin.users_refused);
    assert_int_equal(h->app->admin.nusers, 0);
    assert_true(h_tap_field(h, "Badge to unlock"));
    h_type(h, "4411");
    assert_true(h_tap(h, "Unlock", 0));
    assert_non_null(strstr(h->app->toast, "unlocked"));
    assert_true(h_tap(h, "Sign out", 0));
    assert_true(h_sign_in(h, "4411", "482915"));
    assert_true(h->app->signed_in);
    close_app(h);
}

static void test_valid_id_exemption(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000101", "5404");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-valid.txt");
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
    assert_true(h->app->flow.doc_valid);
    assert_true(h_tap(h, "Photo matches the person", 0));
    /* issue 10: the nationality is asked before the exemption is recorded;
     * answering records it at once */
    assert_int_equal(app_top(h->app), SCREEN_NATIONALITY);
    assert_int_equal(h->app->flow.intake_id, 0);
    assert_true(h_tap(h, "US citizen", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    int64_t id = h->app->flow.intake_id;
    assert_true(id > 0);
    struct intake_summary s;
    struct auth_actor admin = admin_actor(h);
    assert_int_equal(intake_get(h->app->st, &admin, id, &s), 0);
    assert_int_equal(s.basis, INTAKE_EXEMPT_ID);
    assert_string_equal(s.booking_number, "2026-000101");
    assert_string_equal(s.charges[0], "5404");
    assert_string_equal(s.doc_last4, "4711");
    assert_string_equal(s.deputy_badge, "4411");
    assert_int_equal(s.request_id, 0);
    close_app(h);
}

/* "Print slip" on the confirmation, with no printer (CUPS unreachable):
 * the slip is saved as a PDF beside the database and the toast says where;
 * with a queue from kiosk.ini the failure names it; then the History screen
 * finds the intake by its booking number. */
static void test_print_slip_and_history(void **state)
{
    (void)state;
    setenv("CUPS_SERVER", "/nonexistent/cups.sock", 1);
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000105", "5404");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-valid.txt");
    assert_true(h_tap(h, "Photo matches the person", 0));
    assert_true(h_tap(h, "US citizen", 0)); /* the nationality step (issue 10) */
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    int64_t id = h->app->flow.intake_id;
    assert_true(h_tap(h, "Print slip", 0));
    assert_non_null(strstr(h->app->toast, "No printer: the slip is saved as"));
    char pdf[PATH_MAX];
    snprintf(pdf, sizeof pdf, "%s", store_path(h->app->st));
    *strrchr(pdf, '/') = '\0';
    size_t l = strlen(pdf);
    snprintf(pdf + l, sizeof pdf - l, "/slips/intake-%lld-slip.pdf", (long long)id);
    struct stat sb;
    assert_int_equal(stat(pdf, &sb), 0);
    assert_true(sb.st_size > 1000);
    /* kiosk.ini [printer] name (main.c copies it here) while the printer
     * setting is empty: the slip goes to that queue, which CUPS cannot reach */
    snprintf(h->app->printer_ini, sizeof h->app->printer_ini, "ini-queue");
    assert_true(h_tap(h, "Print slip", 0));
    assert_non_null(strstr(h->app->toast, "Printing failed (printer ini-queue"));
    assert_non_null(strstr(h->app->toast, "the record is kept"));
    assert_true(h_tap(h, "Home", 0));
    assert_true(h_tap(h, "History", 0));
    assert_int_equal(app_top(h->app), SCREEN_HISTORY);
    assert_true(h_tap_field(h, "Search booking number or name"));
    h_type(h, "2026-000105");
    h_key(h, SDLK_RETURN, KMOD_NONE);
    assert_int_equal(h->app->history.nrows, 1);
    assert_true(h_tap(h, "history", 1));
    assert_int_equal(h->app->history.selected, id);
    assert_true(h->app->history.nevents >= 1);
    close_app(h);
    unsetenv("CUPS_SERVER");
}

/* One exemption by a scanned licence at the current time, back home. */
static void exempt_now(struct harness *h, const char *booking)
{
    begin_intake(h, booking, "5404");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-valid.txt");
    assert_true(h_tap(h, "Photo matches the person", 0));
    assert_true(h_tap(h, "US citizen", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    assert_true(h_tap(h, "Home", 0));
}

/* The History screen's shift filter: shifts change at 07:00 and 19:00 in
 * the kiosk's zone (America/Chicago). An intake at 09:05 CDT (day shift)
 * and one at 20:05 CDT (night shift) are both "Today"; "This shift" at
 * 20:05 shows the second, "Last shift" the first. */
static void test_history_shift_filter(void **state)
{
    (void)state;
    struct harness *h = open_app(); /* 2026-03-10T14:05Z = 09:05 CDT */
    assert_true(h_sign_in(h, "4411", "482915"));
    exempt_now(h, "2026-000201");
    h_advance(h, 11 * KIOSK_MS_PER_HOUR); /* 20:05 CDT */
    if (!h->app->signed_in || app_top(h->app) != SCREEN_HOME)
        assert_true(h_sign_in(h, "4411", "482915")); /* the idle lock */
    exempt_now(h, "2026-000202");
    assert_true(h_tap(h, "History", 0));
    assert_int_equal(app_top(h->app), SCREEN_HISTORY);
    assert_true(h_tap_field(h, "Search booking number or name"));
    h_type(h, "2026-00020");
    h_key(h, SDLK_RETURN, KMOD_NONE);
    assert_int_equal(h->app->history.nrows, 2); /* Today */
    assert_true(h_tap(h, "Today", 0));
    assert_int_equal(h->app->history.nrows, 1); /* This shift: from 19:00 */
    assert_string_equal(h->app->history.rows[0].booking_number, "2026-000202");
    assert_true(h_tap(h, "This shift", 0));
    assert_int_equal(h->app->history.nrows, 1); /* Last shift: 07:00-19:00 */
    assert_string_equal(h->app->history.rows[0].booking_number, "2026-000201");
    close_app(h);
}

/* Valid ID with a foreign nationality: the consular record is opened and
 * the status board lists it. */
static void test_valid_id_foreign_national(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000110", "5404");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-valid.txt");
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
    assert_true(h_tap(h, "Nationality\xe2\x80\xa6", 0));
    assert_int_equal(app_top(h->app), SCREEN_NATIONALITY);
    h_type(h, "GD"); /* the search field has focus */
    assert_true(h_tap(h, "place", 1));
    assert_string_equal(h->app->flow.iaq.nationality[0], "GD");
    assert_true(h_tap(h, "Done", 0));
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
    assert_true(h_tap(h, "Photo matches the person", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    int64_t id = h->app->flow.intake_id;
    assert_true(h->app->flow.consular_needed);
    struct auth_actor admin = admin_actor(h);
    struct intake_summary s;
    assert_int_equal(intake_get(h->app->st, &admin, id, &s), 0);
    assert_int_equal(s.basis, INTAKE_EXEMPT_ID);
    assert_string_equal(s.doc_source, "barcode");
    struct consular_record cr;
    assert_int_equal(consular_get(h->app->st, &admin, id, &cr), 0);
    assert_string_equal(cr.nationality[0], "GD");
    assert_true(cr.mandatory);
    assert_true(h_tap(h, "Status board", 0));
    assert_int_equal(app_top(h->app), SCREEN_BOARD);
    bool listed = false;
    for (size_t i = 0; i < h->app->board.nconsular; i++)
        listed |= h->app->board.consular[i].intake_id == id;
    assert_true(listed);
    close_app(h);
}

/* ID without barcode: the core's problems first, then a permanent-resident
 * card entered by hand with the stepper, a nationality and the attestation;
 * the database holds a manual exemption under the deputy's badge. */
static void test_manual_id_exemption(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000109", "5404");
    assert_true(h_tap(h, "ID without barcode", 0));
    assert_int_equal(app_top(h->app), SCREEN_MANUALID);
    assert_string_equal(h->app->flow.manual_expiry, ""); /* no default (issue 9) */
    h_tap(h, "Record exemption", 0); /* disabled: the core lists what is missing */
    assert_int_equal(app_top(h->app), SCREEN_MANUALID);
    const struct iaq_problems *p = &h->app->flow.problems;
    bool kind = false, attest = false, expiry = false;
    for (int i = 0; i < p->count; i++) {
        kind |= strcmp(p->items[i].field, "document_kind") == 0;
        attest |= strcmp(p->items[i].field, "attestation") == 0;
        expiry |= strstr(p->items[i].field, "expir") != NULL;
    }
    assert_true(kind && attest && expiry);
    assert_true(h_tap(h, "Permanent-resident card", 2));
    assert_string_equal(h->app->flow.manual_issuer, "US");
    assert_true(h_tap_field(h, "Document number"));
    h_type(h, "ab 1234 5678");
    /* The expiry typed as printed (US form), then stepped by finger. */
    assert_true(h_tap_field(h, "Expiry date as printed"));
    h_type(h, "03/10/2026");
    assert_string_equal(h->app->flow.manual_expiry, "2026-03-10");
    assert_true(h_tap(h, "+", 710)); /* year + */
    assert_true(h_tap(h, "+", 710));
    assert_string_equal(h->app->flow.manual_expiry, "2028-03-10");
    assert_true(h_tap(h, "Nationality\xe2\x80\xa6", 0));
    h_type(h, "MEXICO");
    assert_true(h_tap(h, "place", 1));
    assert_string_equal(h->app->flow.iaq.nationality[0], "MM");
    assert_true(h_tap(h, "Done", 0));
    assert_int_equal(app_top(h->app), SCREEN_MANUALID);
    assert_true(h_tap(h, "I attest", 0));
    assert_true(h_tap(h, "Record exemption", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    assert_string_equal(h->app->flow.manual_number, ""); /* not kept */
    int64_t id = h->app->flow.intake_id;
    struct auth_actor admin = admin_actor(h);
    struct intake_summary s;
    assert_int_equal(intake_get(h->app->st, &admin, id, &s), 0);
    assert_int_equal(s.basis, INTAKE_EXEMPT_ID);
    assert_string_equal(s.booking_number, "2026-000109");
    assert_string_equal(s.doc_source, "manual");
    assert_string_equal(s.doc_kind, "permanent_resident_card");
    assert_string_equal(s.doc_issuer, "US United States");
    assert_string_equal(s.doc_expires, "2028-03-10");
    assert_string_equal(s.doc_last4, "5678");
    assert_true(s.doc_attested);
    assert_string_equal(s.attested_by, "4411");
    assert_int_equal(s.request_id, 0);
    struct consular_record cr;
    assert_int_equal(consular_get(h->app->st, &admin, id, &cr), 0);
    assert_string_equal(cr.nationality[0], "MM");
    close_app(h);
}

static void test_expired_id_to_queued_iaq(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000102", "1313");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-expired.txt");
    assert_false(h->app->flow.doc_valid);
    assert_non_null(strstr(h->app->flow.verdict, "EXPIRED 2024-03-01"));
    assert_true(h_tap(h, "Continue to ICE status check", 0));
    assert_int_equal(app_top(h->app), SCREEN_IAQ);
    /* Prefilled from the card; only place of birth is missing. */
    assert_string_equal(h->app->flow.iaq.family_name, "EXAMPLE-TESTER");
    assert_string_equal(h->app->flow.iaq.sex, "F");
    assert_false(h_tap(h, "Review request", 0) && app_top(h->app) == SCREEN_REVIEW);
    assert_true(h_tap(h, "iaqfield", 7));
    h_type(h, "KANSAS");
    assert_true(h_tap(h, "place", 1));
    assert_string_equal(h->app->flow.iaq.pob, "KS");
    assert_true(h_tap(h, "Review request", 0));
    assert_int_equal(app_top(h->app), SCREEN_REVIEW);
    assert_true(h_tap(h, "Queue request", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    int64_t rid = h->app->flow.request_id;
    assert_true(rid > 0);
    struct auth_actor admin = admin_actor(h);
    struct request_detail d;
    assert_int_equal(request_get(h->app->st, &admin, rid, &d), 0);
    assert_int_equal(d.row.state, REQUEST_QUEUED);
    assert_string_equal(d.row.ncic_name, "EXAMPLE-TESTER,MARIA LUZ");
    assert_string_equal(d.row.offense, "1313");
    assert_string_equal(d.iaq.licence_number, "D07311299");
    assert_string_equal(d.iaq.pob, "KS");
    request_detail_finish(&d);
    close_app(h);
}

static void test_personally_known_cosign(void **state)
{
    (void)state;
    struct harness *h = open_app();
    struct auth_actor admin = admin_actor(h);
    char msg[200];
    assert_int_equal(store_setting_set(h->app->st, &admin, "cosign_required", "1", msg, sizeof msg),
                     0);
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000103", "2399");
    assert_true(h_tap(h, "Personally known", 0));
    assert_int_equal(app_top(h->app), SCREEN_KNOWN);
    assert_true(h_tap_field(h, "How you know (required)"));
    h_type(h, "Booked him in January; ICE confirmed citizen");
    /* Without the co-sign the button does nothing. */
    h_tap(h, "Record exemption", 0);
    assert_int_equal(app_top(h->app), SCREEN_KNOWN);
    /* A deputy cannot co-sign. */
    assert_true(h_tap_field(h, "Supervisor badge"));
    h_type(h, "5120");
    assert_true(h_tap_field(h, "Supervisor PIN"));
    h_type(h, "739204");
    assert_true(h_tap(h, "Co-sign", 0));
    assert_int_equal(h->app->cosigner.user_id, 0);
    assert_true(h_tap_field(h, "Supervisor badge"));
    for (int i = 0; i < 4; i++)
        h_key(h, SDLK_BACKSPACE, KMOD_NONE);
    h_type(h, "6001");
    assert_true(h_tap_field(h, "Supervisor PIN"));
    h_type(h, "615283");
    assert_true(h_tap(h, "Co-sign", 0));
    assert_true(h->app->cosigner.user_id != 0);
    /* A nationality picked, then "Not known" (issue 10: an answer, asked
     * on every exemption path): none recorded. */
    assert_true(h_tap(h, "Nationality\xe2\x80\xa6", 0));
    h_type(h, "MEXICO");
    assert_true(h_tap(h, "place", 1));
    assert_string_equal(h->app->flow.iaq.nationality[0], "MM");
    assert_true(h_tap(h, "Not known", 0));
    assert_int_equal(app_top(h->app), SCREEN_KNOWN);
    assert_string_equal(h->app->flow.iaq.nationality[0], "");
    assert_true(h->app->flow.nationality_not_known);
    assert_true(h_tap(h, "Record exemption", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    struct intake_summary s;
    assert_int_equal(intake_get(h->app->st, &admin, h->app->flow.intake_id, &s), 0);
    assert_int_equal(s.basis, INTAKE_EXEMPT_KNOWN);
    assert_string_equal(s.cosigner_badge, "6001");
    assert_true(s.nationality_not_known);
    struct consular_record cr;
    assert_int_equal(consular_get(h->app->st, &admin, h->app->flow.intake_id, &cr),
                     KIOSK_ERR_NOT_FOUND);
    close_app(h);
}

/* Types every required IAQ field by hand (no ID). */
static void fill_iaq_by_hand(struct harness *h)
{
    static const struct {
        int row;
        const char *text;
    } typed[] = {{1, "Roe"}, {2, "Rowan"}, {5, "1990-02-28"}};
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        assert_true(h_tap(h, "iaqfield", typed[i].row));
        h_type(h, typed[i].text);
    }
    assert_true(h_tap(h, "iaqfield", 6));
    assert_true(h_tap(h, "M \xe2\x80\x94 male", 0));
    assert_true(h_tap(h, "iaqfield", 7));
    h_type(h, "GA");
    assert_true(h_tap(h, "place", 1));
    assert_string_equal(h->app->flow.iaq.pob, "GA");
}

static void test_date_stepper_never_impossible(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000108", "5404");
    assert_true(h_tap(h, "No ID \xe2\x80\x94 ICE status check", 0));
    assert_true(h_tap(h, "iaqfield", 5)); /* Date of birth */
    h_type(h, "1990-01-31");
    assert_true(h_tap(h, "+", 711)); /* month + : 31 February does not exist */
    assert_string_equal(h->app->flow.iaq.dob, "1990-02-28");
    assert_true(h_tap(h, "+", 710)); /* year + */
    assert_string_equal(h->app->flow.iaq.dob, "1991-02-28");
    for (int i = 0; i < 3; i++)
        assert_true(h_tap(h, "+", 712)); /* day 28 -> 29 -> 30 -> 31: not in February */
    assert_string_equal(h->app->flow.iaq.dob, "1991-02-28");
    /* No decade jumps (issue 9): the year steps by one each way. */
    assert_false(h_tap(h, "\xe2\x88\x92 10", 720));
    assert_false(h_tap(h, "+ 10", 721));
    assert_true(h_tap(h, "\xe2\x88\x92", 700)); /* year - */
    assert_string_equal(h->app->flow.iaq.dob, "1990-02-28");
    close_app(h);
}

static int64_t only_request(struct harness *h, enum request_state st)
{
    struct auth_actor admin = admin_actor(h);
    struct request_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(request_list(h->app->st, &admin, st, &rows, &n), 0);
    int64_t id = n == 1 ? rows[0].id : -1;
    free(rows);
    return id;
}

static void test_comms_round_trip(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000104", "4801");
    assert_true(h_tap(h, "No ID \xe2\x80\x94 ICE status check", 0));
    fill_iaq_by_hand(h);
    assert_int_equal(h->app->flow.problems.count, 0);
    assert_true(h_tap(h, "Review request", 0));
    assert_true(h_tap(h, "Queue request", 0));
    int64_t id = only_request(h, REQUEST_QUEUED);
    assert_true(id > 0);

    assert_true(h_tap(h, "Sign out", 0));
    assert_true(h_sign_in(h, "5120", "739204"));
    h_advance(h, 5 * KIOSK_MS_PER_MIN);
    assert_true(h_tap(h, "Comms queue", 0));
    assert_true(h_tap(h, "comms", 1));
    assert_non_null(strstr(h->app->comms.iaq_text, "NAM/ROE,ROWAN"));
    assert_true(h_tap(h, "Mark transmitted", 0));
    h_type(h, "MUL12345"); /* the field has focus */
    assert_true(h_tap(h, "Confirm transmitted", 0));
    assert_int_equal(only_request(h, REQUEST_TRANSMITTED), id);
    h_advance(h, 30 * KIOSK_MS_PER_MIN);
    assert_true(h_tap(h, "Record response", 0));
    assert_string_equal(request_dispositions()[4], "no_record");
    assert_true(h_tap(h, "No record", 4)); /* the answer button, in words */
    assert_true(h_tap_field(h, "ICE's answer, word for word"));
    h_type(h, "IAR NO RECORD FOUND FOR ROE,ROWAN DOB 19900228");
    assert_true(h_tap(h, "Save response", 0));
    assert_int_equal(only_request(h, REQUEST_RESPONDED), id);

    assert_true(h_tap(h, "Sign out", 0));
    assert_true(h_sign_in(h, "4411", "482915"));
    assert_int_equal(h->app->home_answers, 1); /* "1 ICE answer waiting" on home */
    assert_true(h_tap(h, "Status board", 0));
    assert_true(h_tap(h, "board", 1));
    assert_int_equal(app_top(h->app), SCREEN_DETAIL);
    assert_true(h_tap(h, "Acknowledge answer and close", 0));
    struct auth_actor admin = admin_actor(h);
    struct request_detail d;
    assert_int_equal(request_get(h->app->st, &admin, id, &d), 0);
    assert_int_equal(d.row.state, REQUEST_CLOSED);
    assert_string_equal(d.row.mules_ref, "MUL12345");
    assert_non_null(d.response_text);
    assert_string_equal(d.response_text, "IAR NO RECORD FOUND FOR ROE,ROWAN DOB 19900228");
    request_detail_finish(&d);
    close_app(h);
}

static void test_needs_info_correct_then_cancel(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000106", "5404");
    assert_true(h_tap(h, "No ID \xe2\x80\x94 ICE status check", 0));
    fill_iaq_by_hand(h);
    assert_true(h_tap(h, "Review request", 0));
    assert_true(h_tap(h, "Queue request", 0));
    int64_t id = only_request(h, REQUEST_QUEUED);
    assert_true(id > 0);
    /* Comms sends it back: the first name looks wrong. */
    assert_true(h_tap(h, "Sign out", 0));
    assert_true(h_sign_in(h, "5120", "739204"));
    assert_true(h_tap(h, "Comms queue", 0));
    assert_true(h_tap(h, "comms", 1));
    assert_true(h_tap(h, "Needs info", 0));
    assert_true(h_tap_field(h, "What is missing"));
    h_type(h, "Check the first name spelling");
    assert_true(h_tap(h, "Send back for info", 0));
    assert_int_equal(only_request(h, REQUEST_NEEDS_INFO), id);
    /* The deputy corrects it on the board. */
    assert_true(h_tap(h, "Sign out", 0));
    assert_true(h_sign_in(h, "4411", "482915"));
    assert_true(h_tap(h, "Status board", 0));
    assert_true(h_tap(h, "board", 1));
    assert_true(h_tap(h, "Correct the request", 0));
    assert_int_equal(app_top(h->app), SCREEN_IAQ);
    assert_true(h_tap(h, "iaqfield", 2));
    for (int i = 0; i < 5; i++)
        h_key(h, SDLK_BACKSPACE, KMOD_NONE);
    h_type(h, "Rowen");
    assert_true(h_tap(h, "Review request", 0));
    assert_true(h_tap(h, "Send back to the queue", 0));
    assert_int_equal(app_top(h->app), SCREEN_BOARD);
    struct auth_actor admin = admin_actor(h);
    struct request_detail d;
    assert_int_equal(request_get(h->app->st, &admin, id, &d), 0);
    assert_int_equal(d.row.state, REQUEST_QUEUED);
    assert_string_equal(d.iaq.first_name, "ROWEN");
    request_detail_finish(&d);
    /* A supervisor cancels it, with a reason; a deputy sees no such button. */
    assert_true(h_tap(h, "board", 1));
    assert_false(h_tap(h, "Cancel request\xe2\x80\xa6", 0));
    assert_true(h_tap(h, "Sign out", 0));
    assert_true(h_sign_in(h, "6001", "615283"));
    assert_true(h_tap(h, "Status board", 0));
    assert_true(h_tap(h, "board", 1));
    assert_true(h_tap(h, "Cancel request\xe2\x80\xa6", 0));
    h_type(h, "Booked in error; released at the counter");
    assert_true(h_tap(h, "Confirm cancel", 0));
    assert_int_equal(request_get(h->app->st, &admin, id, &d), 0);
    assert_int_equal(d.row.state, REQUEST_CANCELLED);
    request_detail_finish(&d);
    close_app(h);
}

/* issue 10: a Canadian licence is no exemption: FOREIGN_ISSUER, the IAQ
 * prefilled from the licence, nationality never set from the licence. */
static void test_foreign_licence(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000120", "5404");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-canada-on.txt");
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
    assert_false(h->app->flow.doc_valid);
    /* issue 9: the verdict in words, never the reason's identifier */
    assert_non_null(strstr(h->app->flow.verdict, "FOREIGN LICENCE"));
    assert_null(strstr(h->app->flow.verdict, "FOREIGN_ISSUER"));
    assert_non_null(strstr(h->app->flow.message, "Ontario, Canada: not a US federal or state ID"));
    assert_false(h_tap(h, "Photo matches the person", 0));
    assert_true(h_tap(h, "Continue to ICE status check", 0));
    /* the nationality step first: the licence is a hint, never an answer */
    assert_int_equal(app_top(h->app), SCREEN_NATIONALITY);
    assert_string_equal(h->app->flow.iaq.nationality[0], "");
    assert_true(h_tap(h, "Not known", 0));
    assert_int_equal(app_top(h->app), SCREEN_IAQ);
    assert_true(h->app->flow.iaq.family_name[0] != 0); /* prefilled */
    assert_string_equal(h->app->flow.iaq.offense, "5404");
    assert_string_equal(h->app->flow.iaq.nationality[0], ""); /* asked, never assumed */
    close_app(h);
}

/* issue 10: IIN 636027 is a valid federal ID with the immunity notice; the
 * nationality step is asked before the exemption is recorded. */
static void test_state_department_licence(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000121", "5404");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-state-dept.txt");
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
    assert_true(h->app->flow.doc_valid);
    assert_non_null(strstr(h->app->flow.notice, "immunity"));
    assert_non_null(strstr(h->app->flow.notice, "notify a supervisor"));
    assert_true(h_tap(h, "Photo matches the person", 0));
    assert_int_equal(app_top(h->app), SCREEN_NATIONALITY);
    /* "Done" with nothing picked is no answer */
    assert_true(h_tap(h, "Done", 0));
    assert_int_equal(app_top(h->app), SCREEN_NATIONALITY);
    assert_true(h_tap_field(h, "Nationality"));
    h_type(h, "FRANCE");
    assert_true(h_tap(h, "place", 1));
    assert_string_equal(h->app->flow.iaq.nationality[0], "FN");
    assert_true(h_tap(h, "Done", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    struct auth_actor admin = admin_actor(h);
    struct intake_summary s;
    assert_int_equal(intake_get(h->app->st, &admin, h->app->flow.intake_id, &s), 0);
    assert_int_equal(s.basis, INTAKE_EXEMPT_ID);
    assert_non_null(strstr(s.id_notice, "immunity"));
    assert_string_equal(s.nationality[0], "FN"); /* NCIC France */
    close_app(h);
}

/* issue 10: the consular questions for a non-mandatory country: statement
 * 1 read, the person's answer recorded, notification then due. */
static void test_consular_questions(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000122", "5404");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-valid.txt");
    assert_true(h_tap(h, "Nationality\xe2\x80\xa6", 0));
    h_type(h, "FRANCE");
    assert_true(h_tap(h, "place", 1));
    assert_true(h_tap(h, "Done", 0));
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
    assert_true(h_tap(h, "Photo matches the person", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    int64_t id = h->app->flow.intake_id;
    assert_true(h_tap(h, "Consular notification", 0));
    assert_int_equal(app_top(h->app), SCREEN_CONSULAR);
    assert_false(h->app->flow.consular.mandatory);
    assert_true(h_tap(h, "Person was informed", 0));
    assert_true(h_tap(h, "Wants consulate notified", 0));
    struct auth_actor admin = admin_actor(h);
    struct consular_record r;
    assert_int_equal(consular_get(h->app->st, &admin, id, &r), 0);
    assert_string_equal(r.wish, "requested");
    assert_true(r.informed > 0);
    assert_int_equal(r.status, CONSULAR_DUE);
    assert_true(r.overdue_at > 0); /* due without delay, on the clocks */
    /* the notification form follows */
    assert_true(h_tap_field(h, "Consulate notified (name, city)"));
    h_type(h, "CONSULATE GENERAL OF FRANCE CHICAGO");
    assert_true(h_tap(h, "Fax", 1)); /* issue 9: the method in words */
    assert_true(h_tap(h, "Record notification", 0));
    assert_int_equal(consular_get(h->app->st, &admin, id, &r), 0);
    assert_int_equal(r.status, CONSULAR_DONE);
    close_app(h);
}

/* issue 10: RSMo 544.472: an "unlawfully present" answer puts the DHS step
 * on the request; the deputy records it from the request detail. */
static void test_dhs_step(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000123", "4801");
    assert_true(h_tap(h, "No ID \xe2\x80\x94 ICE status check", 0));
    fill_iaq_by_hand(h);
    assert_true(h_tap(h, "Review request", 0));
    assert_true(h_tap(h, "Queue request", 0));
    int64_t id = only_request(h, REQUEST_QUEUED);
    struct auth_actor comms;
    assert_int_equal(auth_sign_in(h->app->st, "5120", "739204", &comms), 0);
    char msg[200];
    h_advance(h, 5 * KIOSK_MS_PER_MIN);
    assert_int_equal(request_transmit(h->app->st, &comms, id, "M-9", msg, sizeof msg), 0);
    h_advance(h, 30 * KIOSK_MS_PER_MIN);
    assert_int_equal(request_respond(h->app->st, &comms, id, "record_found_unlawfully_present",
                                     "IAR ...", msg, sizeof msg),
                     0);
    assert_true(h_tap(h, "Status board", 0));
    assert_true(h_tap(h, "board", 1));
    assert_int_equal(app_top(h->app), SCREEN_DETAIL);
    /* closing is refused until DHS is notified */
    assert_true(h_tap(h, "Acknowledge answer and close", 0));
    assert_int_equal(only_request(h, REQUEST_RESPONDED), id);
    assert_true(h_tap(h, "Notify DHS (RSMo 544.472)\xe2\x80\xa6", 0));
    assert_int_equal(app_top(h->app), SCREEN_AFTER);
    assert_true(h_tap(h, "fax", 101));
    assert_true(h_tap(h, "Record DHS notified", 0));
    assert_int_equal(app_top(h->app), SCREEN_DETAIL);
    struct auth_actor admin = admin_actor(h);
    struct request_detail d;
    assert_int_equal(request_get(h->app->st, &admin, id, &d), 0);
    assert_true(d.row.dhs_done > 0);
    assert_string_equal(d.dhs_method, "fax");
    assert_string_equal(d.dhs_by, "4411");
    request_detail_finish(&d);
    assert_true(h_tap(h, "Acknowledge answer and close", 0));
    assert_int_equal(request_get(h->app->st, &admin, id, &d), 0);
    assert_int_equal(d.row.state, REQUEST_CLOSED);
    request_detail_finish(&d);
    close_app(h);
}

/* issue 10: a nationality learned after intake, recorded from the request
 * detail, opens the consular record and its step. */
static void test_nationality_later(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000124", "4801");
    assert_true(h_tap(h, "No ID \xe2\x80\x94 ICE status check", 0));
    fill_iaq_by_hand(h);
    assert_true(h_tap(h, "Review request", 0));
    assert_true(h_tap(h, "Queue request", 0));
    int64_t id = only_request(h, REQUEST_QUEUED);
    struct auth_actor admin = admin_actor(h);
    struct request_detail d;
    assert_int_equal(request_get(h->app->st, &admin, id, &d), 0);
    int64_t intake = d.row.intake_id;
    request_detail_finish(&d);
    struct consular_record r;
    assert_int_equal(consular_get(h->app->st, &admin, intake, &r), KIOSK_ERR_NOT_FOUND);
    /* ICE's answer names the country: the step offers it */
    struct auth_actor comms;
    assert_int_equal(auth_sign_in(h->app->st, "5120", "739204", &comms), 0);
    char msg[200];
    h_advance(h, 5 * KIOSK_MS_PER_MIN);
    assert_int_equal(request_transmit(h->app->st, &comms, id, "M-10", msg, sizeof msg), 0);
    h_advance(h, 30 * KIOSK_MS_PER_MIN);
    assert_int_equal(request_respond(h->app->st, &comms, id, "record_found_lpr",
                                     "IAR ROE,ROWAN LPR COUNTRY OF CITIZENSHIP: MEXICO", msg,
                                     sizeof msg),
                     0);
    assert_true(h_tap(h, "Status board", 0));
    assert_true(h_tap(h, "board", 1));
    assert_int_equal(app_top(h->app), SCREEN_DETAIL);
    assert_true(h_tap(h, "Nationality learned later\xe2\x80\xa6", 0));
    assert_int_equal(app_top(h->app), SCREEN_NATLATER);
    assert_true(h_tap(h, "Record nationality", 0)); /* MM offered from the answer */
    assert_int_equal(app_top(h->app), SCREEN_CONSULAR);
    assert_int_equal(consular_get(h->app->st, &admin, intake, &r), 0);
    assert_string_equal(r.nationality[0], "MM");
    assert_false(r.mandatory);
    close_app(h);
}

/* issue 10: the touchscreen's search by booking number and name. */
static void test_find_intake(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000125", "4801");
    assert_true(h_tap(h, "No ID \xe2\x80\x94 ICE status check", 0));
    fill_iaq_by_hand(h);
    assert_true(h_tap(h, "Review request", 0));
    assert_true(h_tap(h, "Queue request", 0));
    int64_t id = only_request(h, REQUEST_QUEUED);
    assert_true(h_tap(h, "Status board", 0));
    assert_true(h_tap(h, "Find\xe2\x80\xa6", 0));
    assert_int_equal(app_top(h->app), SCREEN_FIND);
    assert_true(h_tap_field(h, "Booking number"));
    h_type(h, "2026-000125");
    assert_true(h_tap_field(h, "Name (optional)"));
    h_type(h, "ROWAN");
    assert_true(h_tap(h, "Search", 0));
    assert_true(h_tap(h, "hit", 1));
    assert_int_equal(app_top(h->app), SCREEN_DETAIL);
    assert_int_equal(h->app->board.detail_id, id);
    /* a name that is not there finds nothing */
    assert_true(h_tap(h, "\xe2\x97\x80 Back", 0));
    assert_int_equal(app_top(h->app), SCREEN_FIND);
    assert_true(h_tap_field(h, "Name (optional)"));
    for (int i = 0; i < 5; i++)
        h_key(h, SDLK_BACKSPACE, KMOD_NONE);
    h_type(h, "SMITH");
    assert_true(h_tap(h, "Search", 0));
    assert_false(h_tap(h, "hit", 1));
    close_app(h);
}

/* issue 10: the booking (confinement) time entered on review; the 48-hour
 * clock runs from it. */
static void test_booking_time(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000126", "4801");
    assert_true(h_tap(h, "No ID \xe2\x80\x94 ICE status check", 0));
    fill_iaq_by_hand(h);
    assert_true(h_tap(h, "Review request", 0));
    assert_true(h_tap_field(h, "Booked at, if not now (kiosk time)"));
    h_type(h, "2026-03-10 08:30"); /* CDT: 13:30Z, 35 min before now */
    assert_true(h_tap(h, "Queue request", 0));
    int64_t id = only_request(h, REQUEST_QUEUED);
    struct auth_actor admin = admin_actor(h);
    struct request_detail d;
    assert_int_equal(request_get(h->app->st, &admin, id, &d), 0);
    kiosk_ms_t booked;
    assert_int_equal(clock_parse_iso("2026-03-10T13:30:00Z", &booked), 0);
    assert_int_equal(d.row.booked, booked);
    assert_int_equal(d.row.clocks.statutory_due, booked + 48 * KIOSK_MS_PER_HOUR);
    request_detail_finish(&d);
    close_app(h);
}

static void exempt_by_licence(struct harness *h, const char *booking, const char *charge)
{
    begin_intake(h, booking, charge);
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    scan_fixture(h, "licence-valid.txt");
    assert_true(h_tap(h, "Photo matches the person", 0));
    assert_true(h_tap(h, "US citizen", 0));
}

/* issue 10: a different intake under a used booking number: a deputy is
 * told to check it; a supervisor supersedes the earlier intake with a
 * reason. */
static void test_booking_number_supersede(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    exempt_by_licence(h, "2026-000127", "5404");
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    int64_t first = h->app->flow.intake_id;
    assert_true(h_tap(h, "Home", 0));
    exempt_by_licence(h, "2026-000127", "4801");
    assert_int_equal(app_top(h->app), SCREEN_SUPERSEDE);
    assert_false(h_tap(h, "Supersede and record", 0)); /* not for a deputy */
    assert_true(h_tap(h, "Sign out", 0));
    assert_true(h_sign_in(h, "6001", "615283"));
    exempt_by_licence(h, "2026-000127", "4801");
    assert_int_equal(app_top(h->app), SCREEN_SUPERSEDE);
    assert_true(h_tap_field(h, "Reason for superseding the earlier intake"));
    h_type(h, "wrong charge keyed");
    assert_true(h_tap(h, "Supersede and record", 0));
    assert_int_equal(app_top(h->app), SCREEN_DONE);
    int64_t second = h->app->flow.intake_id;
    assert_true(second != first);
    struct auth_actor admin = admin_actor(h);
    struct intake_summary s;
    assert_int_equal(intake_get(h->app->st, &admin, first, &s), 0);
    assert_int_equal(s.superseded_by, second);
    assert_string_equal(s.supersede_reason, "wrong charge keyed");
    close_app(h);
}

static void test_admin_adds_user(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "7001", "902741"));
    assert_true(h_tap(h, "Users", 0));
    assert_true(h_tap(h, "Add a user", 0));
    h_type(h, "9001"); /* the badge field has focus */
    assert_true(h_tap_field(h, "Name as shown"));
    h_type(h, "Dep. Casey New");
    assert_true(h_tap_field(h, "First PIN (6+ digits)"));
    h_type(h, "123456"); /* a trivial run: the core refuses it */
    assert_true(h_tap(h, "Add user", 0));
    assert_true(h->app->admin.adding);
    assert_true(h->app->admin.message[0] != 0);
    assert_true(h_tap_field(h, "First PIN (6+ digits)"));
    h_type(h, "730518");
    assert_true(h_tap(h, "Add user", 0));
    assert_false(h->app->admin.adding);
    assert_true(h_tap(h, "Sign out", 0));
    assert_true(h_sign_in(h, "9001", "730518"));
    assert_true(h->app->signed_in);
    assert_int_equal(h->app->actor.role, AUTH_ROLE_DEPUTY);
    close_app(h);
}

static void test_consular_from_board(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000107", "5404");
    assert_true(h_tap(h, "No ID \xe2\x80\x94 ICE status check", 0));
    fill_iaq_by_hand(h);
    assert_true(h_tap(h, "iaqfield", 8)); /* Nationality */
    h_type(h, "GD");
    assert_true(h_tap(h, "place", 1)); /* GD = Georgia the country */
    assert_string_equal(h->app->flow.iaq.nationality[0], "GD");
    assert_true(h_tap(h, "Review request", 0));
    assert_true(h_tap(h, "Queue request", 0));
    int64_t intake = h->app->flow.intake_id;
    assert_true(h->app->flow.consular_needed);
    assert_true(h_tap(h, "Status board", 0));
    assert_true(h_tap(h, "Open consular step", 0));
    assert_int_equal(app_top(h->app), SCREEN_CONSULAR);
    assert_true(h->app->flow.consular.mandatory); /* Georgia is on the mandatory list */
    assert_true(h_tap(h, "Person was informed", 0));
    assert_true(h_tap_field(h, "Consulate notified (name, city)"));
    h_type(h, "Consulate of Georgia, Example City");
    assert_true(h_tap(h, "Phone", 0) /* the method, in words */);
    assert_true(h_tap(h, "Record notification", 0));
    struct auth_actor admin = admin_actor(h);
    struct consular_record cr;
    assert_int_equal(consular_get(h->app->st, &admin, intake, &cr), 0);
    assert_true(cr.informed != 0);
    assert_true(cr.notified != 0);
    assert_string_equal(cr.method, "phone");
    assert_int_equal(cr.status, CONSULAR_DONE);
    close_app(h);
}

/* The board's consular banner says what is outstanding and by when. */
static void test_consular_banner_words(void **state)
{
    (void)state;
    struct harness *h = open_app();
    kiosk_ms_t now = app_now(h->app);
    struct consular_record r;
    memset(&r, 0, sizeof r);
    snprintf(r.booking_number, sizeof r.booking_number, "2026-000999");
    snprintf(r.nationality[0], sizeof r.nationality[0], "GD");
    r.mandatory = true;
    r.informed = now - 80 * KIOSK_MS_PER_HOUR;
    r.escalate_at = now - 53 * KIOSK_MS_PER_HOUR;
    r.overdue_at = now - 5 * KIOSK_MS_PER_HOUR;
    r.status = CONSULAR_OVERDUE;
    char w[320];
    screen_board_consular_words(h->app, &r, w, sizeof w);
    assert_string_equal(
        w, "Booking 2026-000999, Georgia (GD): notify the consulate \xe2\x80\x94 OVERDUE "
           "since 2026-03-10 04:05 CDT (5 h 00 min late)."); /* issue 10: kiosk zone */
    r.overdue_at = now + 30 * KIOSK_MS_PER_MIN;
    r.status = CONSULAR_ESCALATE;
    screen_board_consular_words(h->app, &r, w, sizeof w);
    assert_string_equal(
        w, "Booking 2026-000999, Georgia (GD): notify the consulate \xe2\x80\x94 due by "
           "2026-03-10 09:35 CDT (30 min left), escalated.");
    r.mandatory = false;
    r.informed = 0;
    r.escalate_at = r.overdue_at = 0;
    r.status = CONSULAR_DUE;
    screen_board_consular_words(h->app, &r, w, sizeof w);
    assert_non_null(strstr(w, "inform the person of the right to consular notification"));
    assert_non_null(strstr(w, "no set deadline"));
    /* The country's name beside its code (issue 9). */
    snprintf(r.nationality[0], sizeof r.nationality[0], "MM");
    snprintf(r.nationality[1], sizeof r.nationality[1], "GD");
    screen_board_consular_words(h->app, &r, w, sizeof w);
    assert_non_null(strstr(w, "Booking 2026-000999, Mexico (MM), Georgia (GD): "));
    close_app(h);
}

static void test_idle_lock(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000105", "5404");
    assert_int_equal(app_top(h->app), SCREEN_INTAKE);
    int idle = h->app->settings.idle_lock_min;
    assert_true(idle > 0);
    h_advance(h, (kiosk_ms_t)idle * KIOSK_MS_PER_MIN - 1000);
    h_pump(h);
    assert_true(h->app->signed_in);
    h_advance(h, 2000);
    h_pump(h);
    assert_false(h->app->signed_in);
    assert_int_equal(app_top(h->app), SCREEN_SIGNIN);
    /* Nothing of the intake is drawn while locked. */
    struct ui_ctx *c = &h->app->ui;
    for (int i = 0; i < c->cmd_n; i++) {
        if (c->cmds[i].kind != UI_CMD_TEXT)
            continue;
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)c->cmds[i].text_len,
                 c->text + c->cmds[i].text_off);
        assert_null(strstr(line, "2026-000105"));
    }
    /* The same user resumes where they were. */
    assert_true(h_sign_in(h, "4411", "482915"));
    assert_true(h->app->signed_in);
    assert_int_equal(app_top(h->app), SCREEN_INTAKE);
    assert_string_equal(h->app->flow.booking, "2026-000105");
    close_app(h);
}

static void test_touch_counts_once(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_tap_field(h, "Badge number (or scan it)"));
    h_type(h, "4411");
    h_key(h, SDLK_RETURN, KMOD_NONE);
    struct ui_rect r;
    struct ui_ctx *c = &h->app->ui;
    assert_true(ui_find(c, ui_id(c, "pinpad", 0), &r)); /* the "1" key */
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    /* A finger, plus the mouse events SDL synthesises for it. */
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_FINGERDOWN;
    e.tfinger.x = (float)x / (float)c->width;
    e.tfinger.y = (float)y / (float)c->height;
    SDL_PushEvent(&e);
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.which = SDL_TOUCH_MOUSEID;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
    e.type = SDL_MOUSEBUTTONUP;
    SDL_PushEvent(&e);
    memset(&e, 0, sizeof e);
    e.type = SDL_FINGERUP;
    e.tfinger.x = (float)x / (float)c->width;
    e.tfinger.y = (float)y / (float)c->height;
    SDL_PushEvent(&e);
    h_pump(h);
    assert_string_equal(h->app->signin.pin, "1");
    close_app(h);
}

static void test_keyboard_only(void **state)
{
    (void)state;
    struct harness *h = open_app();
    /* Tab to the badge field, type, Enter; PIN by keys; Enter signs in. */
    h_key(h, SDLK_TAB, KMOD_NONE);
    h_type(h, "4411");
    h_key(h, SDLK_RETURN, KMOD_NONE);
    h_type(h, "482915");
    h_key(h, SDLK_RETURN, KMOD_NONE);
    assert_true(h->app->signed_in);
    assert_int_equal(app_top(h->app), SCREEN_HOME);
    /* Tab through the chrome to the first tile ("New intake"), Enter. */
    for (int i = 0; i < 8 && app_top(h->app) == SCREEN_HOME; i++) {
        h_key(h, SDLK_TAB, KMOD_NONE);
        struct ui_ctx *c = &h->app->ui;
        if (c->focus == ui_id(c, "New intake", 0))
            h_key(h, SDLK_RETURN, KMOD_NONE);
    }
    assert_int_equal(app_top(h->app), SCREEN_INTAKE);
    /* Esc goes back. */
    h_key(h, SDLK_ESCAPE, KMOD_NONE);
    assert_int_equal(app_top(h->app), SCREEN_HOME);
    close_app(h);
}

static void test_unexpected_scan(void **state)
{
    (void)state;
    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    scan_fixture(h, "licence-valid.txt"); /* on the home screen */
    assert_int_equal(app_top(h->app), SCREEN_HOME);
    assert_non_null(strstr(h->app->toast, "does not need one"));
    close_app(h);
}

static void test_wedge_badge(void **state)
{
    (void)state;
    struct harness *h = open_app();
    /* No field has focus: a burst of typing + Enter is a keyboard-wedge scan. */
    assert_false(h->app->field_focused);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "6001");
    SDL_PushEvent(&e);
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = SDLK_RETURN;
    SDL_PushEvent(&e);
    h_pump(h);
    assert_string_equal(h->app->signin.badge, "6001");
    close_app(h);
}

/* A keyboard-wedge scanner (a plain keyboard to the OS) types a whole AAMVA
 * licence with no field focused: printable bytes as text input, its LF and
 * CR as Enter, RS as Ctrl+^. The shared wedge assembly must keep the Enters
 * inside the payload and end the barcode on the inter-key gap: one scan,
 * the right document and verdict, nothing left over. */
static void test_wedge_licence(void **state)
{
    (void)state;
    unsigned char data[SCAN_DATA_MAX];
    FILE *f = fopen(KIOSK_ASSETS_DIR "/demo/licence-valid-az.txt", "rb");
    assert_non_null(f);
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    assert_true(n > 100 && memchr(data, '\n', n) && memchr(data, '\r', n));

    struct harness *h = open_app();
    assert_true(h_sign_in(h, "4411", "482915"));
    begin_intake(h, "2026-000109", "5404");
    assert_true(h_tap(h, "Scan the back of the ID", 0));
    assert_int_equal(app_top(h->app), SCREEN_SCAN);
    assert_false(h->app->field_focused);
    h->app->toast[0] = 0;
    int enters = 0;
    for (size_t i = 0; i < n; i++) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        if (data[i] == '\n' || data[i] == '\r') {
            e.type = SDL_KEYDOWN;
            e.key.keysym.sym = SDLK_RETURN;
            enters++;
        } else if (data[i] == 0x1e) {
            e.type = SDL_KEYDOWN;
            e.key.keysym.sym = SDLK_6;
            e.key.keysym.mod = KMOD_LCTRL | KMOD_LSHIFT;
        } else {
            e.type = SDL_TEXTINPUT;
            e.text.text[0] = (char)data[i];
        }
        if (e.type == SDL_KEYDOWN)
            e.key.state = SDL_PRESSED;
        assert_int_equal(SDL_PushEvent(&e), 1);
    }
    assert_true(enters > 10);
    h_pump(h);
    SDL_Delay(80); /* the 50 ms inter-key gap ends the barcode */
    h_pump(h);
    assert_int_equal(app_top(h->app), SCREEN_IDRESULT);
    assert_true(h->app->flow.doc_valid);
    assert_string_equal(h->app->flow.doc_dob, "1985-04-12");
    assert_non_null(strstr(h->app->flow.doc_name, "SAMPLE"));
    assert_string_equal(h->app->toast, ""); /* no second "barcode" (a fragment) */
    assert_int_equal(wedge_deadline(&h->app->wedge), 0);
    close_app(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign_in_and_lockout),
        cmocka_unit_test(test_valid_id_exemption),
        cmocka_unit_test(test_valid_id_foreign_national),
        cmocka_unit_test(test_print_slip_and_history),
        cmocka_unit_test(test_history_shift_filter),
        cmocka_unit_test(test_manual_id_exemption),
        cmocka_unit_test(test_expired_id_to_queued_iaq),
        cmocka_unit_test(test_personally_known_cosign),
        cmocka_unit_test(test_comms_round_trip),
        cmocka_unit_test(test_foreign_licence),
        cmocka_unit_test(test_state_department_licence),
        cmocka_unit_test(test_consular_questions),
        cmocka_unit_test(test_dhs_step),
        cmocka_unit_test(test_nationality_later),
        cmocka_unit_test(test_find_intake),
        cmocka_unit_test(test_booking_time),
        cmocka_unit_test(test_booking_number_supersede),
        cmocka_unit_test(test_needs_info_correct_then_cancel),
        cmocka_unit_test(test_admin_adds_user),
        cmocka_unit_test(test_consular_from_board),
        cmocka_unit_test(test_consular_banner_words),
        cmocka_unit_test(test_date_stepper_never_impossible),
        cmocka_unit_test(test_idle_lock),
        cmocka_unit_test(test_touch_counts_once),
        cmocka_unit_test(test_keyboard_only),
        cmocka_unit_test(test_unexpected_scan),
        cmocka_unit_test(test_wedge_badge),
        cmocka_unit_test(test_wedge_licence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
