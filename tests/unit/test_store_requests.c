/* Intakes and the IAQ request state machine: every transition valid and
 * invalid from every state, clocks through the injected clock, intake
 * validation and exemptions (ID summary only, co-sign), consular records,
 * the backlog report's figures, purge, backup/restore and migrations from
 * every earlier schema version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/aamva_json.h"
#include "core/audit.h"
#include "core/consular.h"
#include "core/intake.h"
#include "core/report.h"
#include "core/request.h"
#include "core/store_priv.h"
#include "store_fixture.h"

#include <jansson.h>

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

static void iaq_input(struct intake_input *in, const char *booking)
{
    memset(in, 0, sizeof *in);
    snprintf(in->booking_number, sizeof in->booking_number, "%s", booking);
    strcpy(in->charges[0], "1313");
    in->basis = INTAKE_IAQ;
    strcpy(in->iaq.family_name, "Doe");
    strcpy(in->iaq.first_name, "Jane");
    strcpy(in->iaq.dob, "1990-05-06");
    strcpy(in->iaq.sex, "F");
    strcpy(in->iaq.pob, "MM");
    strcpy(in->iaq.nationality[0], "MM");
}

static int64_t add_iaq(struct fixture *f, const char *booking)
{
    struct intake_input in;
    /* one intake per booking number (issue 10: the same intake sent again is
     * a retry), so each call books a new number */
    static int serial;
    char unique[INTAKE_BOOKING_MAX];
    snprintf(unique, sizeof unique, "%.20s-%d", booking, ++serial % 10000);
    iaq_input(&in, unique);
    struct iaq_problems p;
    int64_t iid = 0, rid = 0;
    int rc = intake_add(f->st, &f->deputy, &in, &p, &iid, &rid);
    if (rc != KIOSK_OK)
        fail_msg("intake_add: %d %s", rc, p.count ? p.items[0].message : "");
    assert_true(rid > 0);
    return rid;
}

static enum request_state state_of(struct fixture *f, int64_t id)
{
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->supervisor, id, &d), KIOSK_OK);
    enum request_state s = d.row.state;
    request_detail_finish(&d);
    return s;
}

/* Brings a new request into state s by valid transitions. */
static int64_t request_in_state(struct fixture *f, enum request_state s)
{
    int64_t id = add_iaq(f, "B-STATE");
    char msg[256];
    struct auth_actor *c = &f->comms;
    switch (s) {
    case REQUEST_QUEUED:
        break;
    case REQUEST_TRANSMITTED:
        assert_int_equal(request_transmit(f->st, c, id, "M1", msg, sizeof msg), KIOSK_OK);
        break;
    case REQUEST_ACKNOWLEDGED:
        assert_int_equal(request_transmit(f->st, c, id, "M1", msg, sizeof msg), KIOSK_OK);
        assert_int_equal(request_ack(f->st, c, id, msg, sizeof msg), KIOSK_OK);
        break;
    case REQUEST_RESPONDED:
        assert_int_equal(request_transmit(f->st, c, id, "M1", msg, sizeof msg), KIOSK_OK);
        assert_int_equal(request_respond(f->st, c, id, "no_record", "IAR TEXT", msg, sizeof msg),
                         KIOSK_OK);
        break;
    case REQUEST_CLOSED:
        assert_int_equal(request_transmit(f->st, c, id, "M1", msg, sizeof msg), KIOSK_OK);
        assert_int_equal(request_respond(f->st, c, id, "no_record", "IAR TEXT", msg, sizeof msg),
                         KIOSK_OK);
        assert_int_equal(request_close(f->st, &f->deputy, id, msg, sizeof msg), KIOSK_OK);
        break;
    case REQUEST_NEEDS_INFO:
        assert_int_equal(request_needs_info(f->st, c, id, "need ARN", msg, sizeof msg), KIOSK_OK);
        break;
    case REQUEST_CANCELLED:
        assert_int_equal(request_cancel(f->st, &f->supervisor, id, "released", msg, sizeof msg),
                         KIOSK_OK);
        break;
    }
    assert_int_equal(state_of(f, id), s);
    return id;
}

enum op { OP_TRANSMIT, OP_ACK, OP_RESPOND, OP_NEEDS_INFO, OP_REQUEUE, OP_CLOSE, OP_CANCEL };

static int run_op(struct fixture *f, enum op op, int64_t id, char *msg, size_t len)
{
    switch (op) {
    case OP_TRANSMIT:
        return request_transmit(f->st, &f->comms, id, "M2", msg, len);
    case OP_ACK:
        return request_ack(f->st, &f->comms, id, msg, len);
    case OP_RESPOND:
        return request_respond(f->st, &f->comms, id, "no_record", "TEXT", msg, len);
    case OP_NEEDS_INFO:
        return request_needs_info(f->st, &f->comms, id, "more", msg, len);
    case OP_REQUEUE:
        return request_requeue(f->st, &f->deputy, id, NULL, NULL, msg, len);
    case OP_CLOSE:
        return request_close(f->st, &f->deputy, id, msg, len);
    case OP_CANCEL:
        return request_cancel(f->st, &f->supervisor, id, "why", msg, len);
    }
    return -1;
}

static void test_state_machine(void **state)
{
    struct fixture *f = *state;
    /* allowed[state][op]: the target state, or 0 when refused */
    static const enum request_state to[8][7] = {
        [REQUEST_QUEUED] = {REQUEST_TRANSMITTED, 0, 0, REQUEST_NEEDS_INFO, 0, 0, REQUEST_CANCELLED},
        [REQUEST_TRANSMITTED] = {0, REQUEST_ACKNOWLEDGED, REQUEST_RESPONDED, REQUEST_NEEDS_INFO, 0,
                                 0, REQUEST_CANCELLED},
        [REQUEST_ACKNOWLEDGED] = {0, 0, REQUEST_RESPONDED, REQUEST_NEEDS_INFO, 0, 0,
                                  REQUEST_CANCELLED},
        [REQUEST_RESPONDED] = {0, 0, 0, REQUEST_NEEDS_INFO, 0, REQUEST_CLOSED, REQUEST_CANCELLED},
        [REQUEST_CLOSED] = {0, 0, 0, 0, 0, 0, 0},
        [REQUEST_NEEDS_INFO] = {0, 0, 0, 0, REQUEST_QUEUED, 0, REQUEST_CANCELLED},
        [REQUEST_CANCELLED] = {0, 0, 0, 0, 0, 0, 0},
    };
    for (int s = REQUEST_QUEUED; s <= REQUEST_CANCELLED; s++) {
        for (int op = OP_TRANSMIT; op <= OP_CANCEL; op++) {
            int64_t id = request_in_state(f, (enum request_state)s);
            size_t n_before, n_after;
            struct request_event *ev;
            assert_int_equal(request_events(f->st, &f->supervisor, id, &ev, &n_before), KIOSK_OK);
            free(ev);
            char msg[256] = "";
            int rc = run_op(f, (enum op)op, id, msg, sizeof msg);
            assert_int_equal(request_events(f->st, &f->supervisor, id, &ev, &n_after), KIOSK_OK);
            if (to[s][op]) {
                if (rc != KIOSK_OK)
                    fail_msg("state %s op %d refused: %s", request_state_name(s), op, msg);
                assert_int_equal(state_of(f, id), to[s][op]);
                assert_int_equal(n_after, n_before + 1);
                assert_int_equal(ev[n_after - 1].from, s);
                assert_int_equal(ev[n_after - 1].to, to[s][op]);
                assert_string_equal(ev[n_after - 1].actor_badge,
                                    op == OP_CANCEL                      ? "S2"
                                    : op == OP_REQUEUE || op == OP_CLOSE ? "D7"
                                                                         : "C3");
            } else {
                if (rc != KIOSK_ERR_STATE)
                    fail_msg("state %s op %d: rc %d, expected a refusal", request_state_name(s), op,
                             rc);
                assert_non_null(strstr(msg, request_state_name(s)));
                assert_int_equal(state_of(f, id), s);
                assert_int_equal(n_after, n_before);
            }
            free(ev);
        }
    }
    char msg[256];
    assert_int_equal(request_ack(f->st, &f->comms, 999999, msg, sizeof msg), KIOSK_ERR_NOT_FOUND);
    int64_t bad;
    assert_int_equal(audit_verify(f->st, &f->auditor, &bad, NULL, msg, sizeof msg), KIOSK_OK);
}

static void test_transition_roles_and_input(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    int64_t id = add_iaq(f, "B-ROLE");
    assert_int_equal(request_transmit(f->st, &f->deputy, id, "M", msg, sizeof msg), KIOSK_ERR_PERM);
    assert_int_equal(request_transmit(f->st, &f->admin, id, "M", msg, sizeof msg), KIOSK_ERR_PERM);
    assert_int_equal(request_transmit(f->st, &f->comms, id, "M\n1", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(request_transmit(f->st, &f->comms, id, NULL, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(request_respond(f->st, &f->comms, id, "maybe", "T", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_non_null(strstr(msg, "no_record"));
    assert_int_equal(request_respond(f->st, &f->comms, id, "no_record", "", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(request_respond(f->st, &f->deputy, id, "no_record", "T", msg, sizeof msg),
                     KIOSK_ERR_PERM);
    const char *iar = "IAR.VTICE0900\nNO RECORD LOCATED\n  spacing kept  \n";
    assert_int_equal(request_respond(f->st, &f->comms, id, "no_record", iar, msg, sizeof msg),
                     KIOSK_OK);
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->deputy, id, &d), KIOSK_OK);
    assert_string_equal(d.response_text, iar); /* verbatim */
    assert_string_equal(d.row.disposition, "no_record");
    request_detail_finish(&d);
    assert_int_equal(request_close(f->st, &f->comms, id, msg, sizeof msg), KIOSK_ERR_PERM);
    assert_int_equal(request_cancel(f->st, &f->deputy, id, "x", msg, sizeof msg), KIOSK_ERR_PERM);
    assert_int_equal(request_cancel(f->st, &f->supervisor, id, "", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    /* needs_info then requeue with corrected fields */
    assert_int_equal(request_needs_info(f->st, &f->comms, id, "", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(request_needs_info(f->st, &f->comms, id, "DOB unreadable", msg, sizeof msg),
                     KIOSK_OK);
    struct iaq_fields fix;
    assert_int_equal(request_get(f->st, &f->deputy, id, &d), KIOSK_OK);
    assert_string_equal(d.needs_info_text, "DOB unreadable");
    fix = d.iaq;
    request_detail_finish(&d);
    strcpy(fix.dob, "19900231");
    struct iaq_problems p = {0};
    assert_int_equal(request_requeue(f->st, &f->deputy, id, &fix, &p, msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_string_equal(p.items[0].field, "dob");
    strcpy(fix.dob, "19900221");
    strcpy(fix.family_name, "Doe-Smith");
    assert_string_not_equal(fix.offense, "5404");
    strcpy(fix.offense, "5404");
    assert_int_equal(request_requeue(f->st, &f->deputy, id, &fix, NULL, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(request_get(f->st, &f->deputy, id, &d), KIOSK_OK);
    assert_string_equal(d.row.ncic_name, "DOE-SMITH,JANE");
    /* the list column follows the corrected fields, not only the JSON */
    assert_string_equal(d.row.offense, "5404");
    assert_string_equal(d.iaq.offense, "5404");
    assert_int_equal(d.row.state, REQUEST_QUEUED);
    assert_int_equal(d.row.transmitted, 0);
    request_detail_finish(&d);
    char text[1024], why[256];
    /* issue 10: no IAQ text while the ORI or the desk phone is not set */
    assert_int_equal(
        request_iaq_render(f->st, &f->comms, id, false, text, sizeof text, why, sizeof why),
        KIOSK_ERR_INVALID);
    assert_non_null(strstr(why, "ori"));
    assert_int_equal(store_setting_set(f->st, &f->admin, "ori", "MO0950000", why, sizeof why),
                     KIOSK_OK);
    assert_int_equal(
        request_iaq_render(f->st, &f->comms, id, false, text, sizeof text, why, sizeof why),
        KIOSK_ERR_INVALID);
    assert_non_null(strstr(why, "desk_phone"));
    assert_int_equal(
        store_setting_set(f->st, &f->admin, "desk_phone", "573-555-0100", why, sizeof why),
        KIOSK_OK);
    assert_true(request_iaq_text(f->st, &f->comms, id, text, sizeof text) > 0);
    assert_non_null(strstr(text, "IAQ.MO0950000.AX.TXT\nPUR/C\n"));
    assert_non_null(strstr(text, "NAM/DOE-SMITH,JANE\nDOB/19900221\n"));
    assert_non_null(strstr(text, "ATN/DANA DEPUTY D7\n"));
}

/* A change stamped before the request's last event is refused in the core,
 * whoever asks (a wrong clock or a back-dated --now). */
static void test_no_back_dated_transition(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    int64_t id = add_iaq(f, "B-TIME");
    f->now += 10 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_transmit(f->st, &f->comms, id, "M-1", msg, sizeof msg), KIOSK_OK);
    f->now -= 5 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_ack(f->st, &f->comms, id, msg, sizeof msg), KIOSK_ERR_STATE);
    assert_non_null(strstr(msg, "last event"));
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->comms, id, &d), KIOSK_OK);
    assert_int_equal(d.row.state, REQUEST_TRANSMITTED);
    request_detail_finish(&d);
    f->now += 5 * KIOSK_MS_PER_MIN; /* the same instant as the last event is fine */
    assert_int_equal(request_ack(f->st, &f->comms, id, msg, sizeof msg), KIOSK_OK);
}

/* The list functions' array growth: doubles, keeps the array while there
 * is room, refuses an overflowing size without losing the array. */
static void test_array_reserve(void **state)
{
    (void)state;
    size_t cap = 0;
    int *a = store_array_reserve(NULL, 0, &cap, sizeof *a, 4);
    assert_non_null(a);
    assert_int_equal(cap, 4);
    for (size_t i = 0; i < 4; i++)
        a[i] = (int)i;
    assert_ptr_equal(store_array_reserve(a, 3, &cap, sizeof *a, 4), a);
    int *b = store_array_reserve(a, 4, &cap, sizeof *a, 4);
    assert_non_null(b);
    assert_int_equal(cap, 8);
    assert_int_equal(b[3], 3);
    size_t huge = SIZE_MAX / 2 + 1;
    assert_null(store_array_reserve(b, huge, &huge, sizeof *b, 4));
    free(b);
}

static void test_clocks(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    kiosk_ms_t t0 = f->now;
    int64_t id = add_iaq(f, "B-CLOCK");
    struct request_row *rows;
    size_t n;
    /* queued: queue SLA 15 min */
    f->now = t0 + 14 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].clocks.clock, CLOCK_QUEUE);
    assert_int_equal(rows[0].clocks.due, t0 + 15 * KIOSK_MS_PER_MIN);
    assert_false(rows[0].clocks.overdue);
    assert_int_equal(rows[0].clocks.statutory_due, t0 + 48 * KIOSK_MS_PER_HOUR);
    free(rows);
    f->now = t0 + 16 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    assert_true(rows[0].clocks.overdue);
    assert_int_equal(rows[0].clocks.clock, CLOCK_QUEUE);
    free(rows);
    /* past 48 h the statute is the clock that matters */
    f->now = t0 + 49 * KIOSK_MS_PER_HOUR;
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    assert_int_equal(rows[0].clocks.clock, CLOCK_STATUTORY);
    assert_true(rows[0].clocks.overdue);
    free(rows);
    /* transmitted: response SLA 60 min from transmission */
    f->now = t0 + 20 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_transmit(f->st, &f->comms, id, "M", msg, sizeof msg), KIOSK_OK);
    f->now = t0 + 79 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    assert_int_equal(rows[0].clocks.clock, CLOCK_RESPONSE);
    assert_int_equal(rows[0].clocks.due, t0 + 80 * KIOSK_MS_PER_MIN);
    assert_false(rows[0].clocks.overdue);
    assert_true(rows[0].clocks.statutory_met);
    free(rows);
    f->now = t0 + 81 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_list(f->st, &f->comms, REQUEST_TRANSMITTED, &rows, &n), KIOSK_OK);
    assert_int_equal(n, 1);
    assert_true(rows[0].clocks.overdue);
    free(rows);
    /* settings change the clocks */
    assert_int_equal(store_setting_set(f->st, &f->admin, "response_sla_min", "90", msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    assert_false(rows[0].clocks.overdue);
    free(rows);
    /* a statutory clock shorter than the queue SLA wins at once */
    struct store_settings s;
    store_settings_get(f->st, &s);
    s.statutory_hours = 1;
    s.queue_sla_min = 120;
    struct request_clocks c;
    request_clocks_compute(&s, REQUEST_QUEUED, t0, t0, 0, t0, &c);
    assert_int_equal(c.clock, CLOCK_STATUTORY);
    assert_int_equal(c.due, t0 + KIOSK_MS_PER_HOUR);
    request_clocks_compute(&s, REQUEST_CLOSED, t0, t0, t0, t0, &c);
    assert_int_equal(c.clock, CLOCK_NONE);
    assert_false(c.overdue);
    /* oldest first */
    f->now = t0 + 100 * KIOSK_MS_PER_MIN;
    int64_t b = add_iaq(f, "B-LATER");
    assert_int_equal(request_list(f->st, &f->comms, 0, &rows, &n), KIOSK_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, id);
    assert_int_equal(rows[1].id, b);
    free(rows);
}

/* A parsed-ID object as `kioskctl id parse --json` prints it, with the
 * verdict flag the caller claims (the core must not trust it). */
static json_t *id_doc_at(bool valid, const char *number, const char *expires, const char *iin,
                         const char *issuer_code)
{
    return json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:n,"
                     " s:{s:b, s:s, s:[{s:s, s:s}]}}",
                     "format", "aamva", "iin", iin, "issuer", "code", issuer_code, "name",
                     "Arizona", "country", "USA", "document_type", "DL", "family_name", "PUBLIC",
                     "first_name", "JOHN", "dob", "1970-01-31", "document_number", number,
                     "expires", expires, "real_id", "F", "limited_duration", "verdict",
                     "valid_government_id", valid, "as_of", "2026-11-27", "reasons", "code",
                     "EXPIRED", "message", "expired on 2020-08-31");
}

static json_t *id_doc(bool valid, const char *number)
{
    return id_doc_at(valid, number, "2030-08-31", "636026", "AZ");
}

/* What `kioskctl id parse --json` prints for a file: the same core calls
 * (aamva_parse, idcheck_evaluate, aamva_doc_to_json) in process. */
static json_t *id_doc_from_file(const char *name)
{
    const char *t = getenv("KIOSK_TEST_DIR");
    char path[600];
    snprintf(path, sizeof path, "%s/../assets/demo/%s", t ? t : "tests", name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    unsigned char buf[AAMVA_MAX_PAYLOAD];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    struct aamva_doc d;
    struct idcheck_verdict v;
    if (aamva_parse(buf, n, &d) != 0 || idcheck_evaluate(&d, 2026, 11, 27, NULL, &v) != 0)
        return NULL;
    return aamva_doc_to_json(&d, &v);
}

static void test_intake_validation_and_exemptions(void **state)
{
    struct fixture *f = *state;
    struct intake_input in;
    struct iaq_problems p;
    int64_t iid = 0, rid = 0;
    /* nothing given: every problem at once */
    memset(&in, 0, sizeof in);
    in.basis = INTAKE_IAQ;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    assert_true(p.count >= 5);
    assert_string_equal(p.items[0].field, "booking_number");
    assert_string_equal(p.items[1].field, "charges");
    /* a bad charge code */
    iaq_input(&in, "B-1");
    strcpy(in.charges[1], "9999");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    assert_int_equal(p.count, 1);
    assert_string_equal(p.items[0].field, "charges");
    /* IAQ offense defaults to the first charge */
    iaq_input(&in, "B-1");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->deputy, rid, &d), KIOSK_OK);
    assert_string_equal(d.iaq.offense, "1313");
    assert_string_equal(d.row.booking_number, "B-1");
    request_detail_finish(&d);

    /* exemption by ID: a document whose verdict is not valid is refused */
    json_t *bad = id_doc(false, "D12345678");
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "B-2");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_ID;
    strcpy(in.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    in.id_document = bad;
    /* the core ignores the verdict it is sent: a flipped verdict on a good
     * document changes nothing; ... */
    json_decref(bad);
    bad = id_doc(false, "F00000001");
    in.id_document = bad;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    json_decref(bad);
    strcpy(in.booking_number, "B-2b");
    /* ... an expired licence is refused whatever the verdict says (reason
     * codes only in the message: no dates of the person) ... */
    for (int claim = 0; claim < 2; claim++) {
        bad = id_doc_at(claim, "D12345678", "2020-08-31", "636026", "AZ");
        in.id_document = bad;
        assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
        assert_string_equal(p.items[0].field, "id_document");
        assert_non_null(strstr(p.items[0].message, "EXPIRED"));
        assert_null(strstr(p.items[0].message, "2020"));
        assert_null(strstr(p.items[0].message, "1970"));
        json_decref(bad);
    }
    /* ... a forged verdict on a document with an unknown issuer number ... */
    bad = json_pack("{s:s, s:s, s:n, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:b}}", "format", "aamva",
                    "iin", "999999", "issuer", "document_type", "DL", "family_name", "PUBLIC",
                    "first_name", "JOHN", "dob", "1970-01-31", "document_number", "X", "expires",
                    "2030-08-31", "verdict", "valid_government_id", 1);
    in.id_document = bad;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    assert_non_null(strstr(p.items[0].message, "UNKNOWN_ISSUER"));
    json_decref(bad);
    /* ... the bare forgery of the review ... */
    bad = json_pack("{s:{s:b}, s:s}", "verdict", "valid_government_id", 1, "document_number", "X");
    in.id_document = bad;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    assert_string_equal(p.items[0].field, "id_document");
    json_decref(bad);
    /* ... an issuer that is not the IIN's, and an impossible date. */
    bad = id_doc_at(true, "D12345678", "2030-08-31", "636026", "CA");
    in.id_document = bad;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    assert_non_null(strstr(p.items[0].message, "issuer does not match"));
    json_decref(bad);
    bad = id_doc_at(true, "D12345678", "2030-02-30", "636026", "AZ");
    in.id_document = bad;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    assert_non_null(strstr(p.items[0].message, "IMPOSSIBLE_DATE"));
    json_decref(bad);
    /* the demo licence as `kioskctl id parse --json` prints it is accepted */
    json_t *real = id_doc_from_file("licence-valid-az.txt");
    assert_non_null(real);
    in.id_document = real;
    strcpy(in.booking_number, "B-2c");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    json_decref(real);
    real = id_doc_from_file("licence-expired.txt");
    assert_non_null(real);
    json_object_set_new(json_object_get(real, "verdict"), "valid_government_id", json_true());
    in.id_document = real;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    assert_non_null(strstr(p.items[0].message, "EXPIRED"));
    json_decref(real);
    strcpy(in.booking_number, "B-2d"); /* B-2 is taken (issue 10: one intake per number) */
    json_t *good = id_doc(true, "D12345678");
    in.id_document = good;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    assert_int_equal(rid, 0);
    struct intake_summary s;
    assert_int_equal(intake_get(f->st, &f->deputy, iid, &s), KIOSK_OK);
    assert_int_equal(s.basis, INTAKE_EXEMPT_ID);
    assert_string_equal(s.doc_kind, "DL");
    assert_string_equal(s.doc_issuer, "AZ Arizona USA");
    assert_string_equal(s.doc_expires, "2030-08-31");
    assert_string_equal(s.doc_last4, "5678");
    assert_string_equal(s.doc_flags, "real_id=F limited=-");
    assert_int_equal(s.duplicate_count, 0);
    /* the same document again is detected through the keyed hash */
    strcpy(in.booking_number, "B-3");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    assert_int_equal(intake_get(f->st, &f->deputy, iid, &s), KIOSK_OK);
    assert_int_equal(s.duplicate_count, 1);
    json_decref(good);
    /* nothing of the raw document beyond the summary is stored */
    sqlite3_stmt *q;
    assert_int_equal(store_prepare(f->st,
                                   "SELECT count(*) FROM id_documents WHERE kind LIKE '%PUBLIC%'"
                                   " OR issuer LIKE '%PUBLIC%' OR flags LIKE '%1970%' OR"
                                   " last4 = 'D12345678' OR hex(number_hash) LIKE '%4431%'",
                                   &q),
                     KIOSK_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 0);
    sqlite3_finalize(q);
    char dump[400];
    snprintf(dump, sizeof dump, "grep -c -a -e PUBLIC -e D12345678 '%s' >/dev/null", f->path);
    assert_int_not_equal(system(dump), 0);

    /* personal knowledge: reason required; co-sign when the setting asks */
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "B-4");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_KNOWN;
    strcpy(in.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    strcpy(in.known_reason, "Known to the member as a US-born citizen");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    char msg[128];
    assert_int_equal(
        store_setting_set(f->st, &f->admin, "cosign_required", "true", msg, sizeof msg), KIOSK_OK);
    strcpy(in.booking_number, "B-4b"); /* issue 10: one intake per booking number */
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    assert_string_equal(p.items[0].field, "cosigner");
    in.cosigner = &f->deputy2;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
    in.cosigner = &f->supervisor;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid), KIOSK_OK);
    assert_int_equal(intake_get(f->st, &f->deputy, iid, &s), KIOSK_OK);
    assert_string_equal(s.cosigner_badge, "S2");
    /* a supervisor cannot co-sign its own attestation */
    assert_int_equal(intake_add(f->st, &f->supervisor, &in, &p, &iid, &rid), KIOSK_ERR_INVALID);
}

static void test_intake_json(void **state)
{
    (void)state;
    const char *text = "{\"booking_number\":\"B-9\",\"charges\":[\"1313\",\"13\"],"
                       "\"iaq\":{\"family_name\":\"Doe\",\"colour\":\"x\",\"dob\":7},"
                       "\"personal_knowledge\":{\"reason\":\"x\"},\"extra\":1}";
    json_t *root = json_loads(text, 0, NULL);
    assert_non_null(root);
    struct intake_input in;
    struct iaq_problems p = {0};
    assert_int_equal(intake_input_from_json(root, &in, &p), KIOSK_ERR_INVALID);
    /* charge 2, unknown iaq field, dob not text, unknown field, two bases */
    assert_int_equal(p.count, 5);
    json_decref(root);
    root = json_loads("{\"booking_number\":\"B-9\",\"charges\":[\"1313\"],\"nationality\":"
                      "[\"gd\"],\"personal_knowledge\":{\"reason\":\"known\"}}",
                      0, NULL);
    memset(&p, 0, sizeof p);
    assert_int_equal(intake_input_from_json(root, &in, &p), KIOSK_OK);
    assert_int_equal(in.basis, INTAKE_EXEMPT_KNOWN);
    assert_string_equal(in.nationality[0], "GD");
    json_decref(root);
}

static void test_consular(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    kiosk_ms_t t0 = f->now;
    struct intake_input in;
    struct iaq_problems p;
    int64_t mandatory_id, other_id, us_id, rid;
    /* GD = Georgia the country: mandatory notification */
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "B-C1");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_KNOWN;
    strcpy(in.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    strcpy(in.known_reason, "known LPR");
    strcpy(in.nationality[0], "GD");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &mandatory_id, &rid), KIOSK_OK);
    /* MM = Mexico: not on the list, inform only */
    iaq_input(&in, "B-C2");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &other_id, &rid), KIOSK_OK);
    /* US national: no record */
    iaq_input(&in, "B-C3");
    strcpy(in.iaq.nationality[0], "US");
    strcpy(in.iaq.pob, "GA");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, &us_id, &rid), KIOSK_OK);
    struct consular_record r;
    assert_int_equal(consular_get(f->st, &f->deputy, us_id, &r), KIOSK_ERR_NOT_FOUND);
    assert_int_equal(consular_get(f->st, &f->deputy, mandatory_id, &r), KIOSK_OK);
    assert_true(r.mandatory);
    assert_int_equal(r.status, CONSULAR_DUE);
    assert_int_equal(r.escalate_at, t0 + 24 * KIOSK_MS_PER_HOUR);
    assert_int_equal(r.overdue_at, t0 + 72 * KIOSK_MS_PER_HOUR);
    assert_int_equal(consular_get(f->st, &f->deputy, other_id, &r), KIOSK_OK);
    assert_false(r.mandatory);
    f->now = t0 + 25 * KIOSK_MS_PER_HOUR;
    assert_int_equal(consular_get(f->st, &f->deputy, mandatory_id, &r), KIOSK_OK);
    assert_int_equal(r.status, CONSULAR_ESCALATE);
    f->now = t0 + 73 * KIOSK_MS_PER_HOUR;
    struct consular_record *due;
    size_t n;
    assert_int_equal(consular_due(f->st, &f->deputy, &due, &n), KIOSK_OK);
    assert_int_equal(n, 2);
    assert_int_equal(due[0].intake_id, mandatory_id); /* most urgent first */
    assert_int_equal(due[0].status, CONSULAR_OVERDUE);
    free(due);
    struct report_backlog rep;
    assert_int_equal(report_backlog(f->st, &f->admin, &rep), KIOSK_OK);
    assert_int_equal(rep.consular_overdue, 1);
    assert_int_equal(rep.consular_due, 1);
    report_backlog_finish(&rep);
    /* record the steps */
    assert_int_equal(consular_informed(f->st, &f->comms, mandatory_id, msg, sizeof msg),
                     KIOSK_ERR_PERM);
    assert_int_equal(consular_informed(f->st, &f->deputy, mandatory_id, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(consular_informed(f->st, &f->deputy, mandatory_id, msg, sizeof msg),
                     KIOSK_ERR_STATE);
    assert_int_equal(consular_notified(f->st, &f->deputy, mandatory_id, "Consulate of Georgia",
                                       "pigeon", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(consular_notified(f->st, &f->deputy, mandatory_id, "", "fax", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(consular_notified(f->st, &f->deputy, us_id, "X", "fax", msg, sizeof msg),
                     KIOSK_ERR_NOT_FOUND);
    assert_int_equal(consular_notified(f->st, &f->deputy, mandatory_id,
                                       "Embassy of Georgia, Washington DC", "fax", msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(consular_get(f->st, &f->deputy, mandatory_id, &r), KIOSK_OK);
    assert_int_equal(r.status, CONSULAR_DONE);
    assert_string_equal(r.notified_by, "D7");
    assert_string_equal(r.method, "fax");
    assert_int_equal(r.notified, f->now);
    assert_int_equal(consular_due(f->st, &f->deputy, &due, &n), KIOSK_OK);
    assert_int_equal(n, 1);
    free(due);
}

static void test_backlog_figures(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    kiosk_ms_t t0 = f->now;
    /* three requests: answered in 30 min, answered in 90 min, still queued */
    int64_t a = add_iaq(f, "B-A");
    int64_t b = add_iaq(f, "B-B");
    f->now = t0 + 10 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_transmit(f->st, &f->comms, a, "M", msg, sizeof msg), KIOSK_OK);
    f->now = t0 + 20 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_transmit(f->st, &f->comms, b, "M", msg, sizeof msg), KIOSK_OK);
    f->now = t0 + 40 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_respond(f->st, &f->comms, a, "no_record", "T", msg, sizeof msg),
                     KIOSK_OK);
    f->now = t0 + 110 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_respond(f->st, &f->comms, b, "no_record", "T", msg, sizeof msg),
                     KIOSK_OK);
    int64_t c = add_iaq(f, "B-C");
    struct intake_input in;
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "B-K");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_KNOWN;
    strcpy(in.nationality[0], "US"); /* issue 10: nationality asked on every exemption path */
    strcpy(in.known_reason, "known");
    struct iaq_problems p;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_OK);
    f->now = t0 + 140 * KIOSK_MS_PER_MIN; /* c queued 30 min: queue SLA broken */
    struct report_backlog r;
    assert_int_equal(report_backlog(f->st, &f->admin, &r), KIOSK_OK);
    assert_int_equal(r.open_total, 3); /* two responded (not closed) + one queued */
    assert_int_equal(r.open_by_state[REQUEST_QUEUED], 1);
    assert_int_equal(r.open_by_state[REQUEST_RESPONDED], 2);
    assert_int_equal(r.oldest_open_age, 140 * KIOSK_MS_PER_MIN);
    assert_int_equal(r.overdue_count, 1);
    assert_int_equal(r.overdue[0].request_id, c);
    assert_int_equal(r.overdue[0].clock, CLOCK_QUEUE);
    assert_int_equal(r.overdue[0].overdue_by, 15 * KIOSK_MS_PER_MIN);
    const struct report_window *w = &r.windows[0];
    assert_string_equal(w->label, "24h");
    assert_int_equal(w->responded, 2);
    assert_int_equal(w->within_sla, 1);
    assert_true(w->within_sla_share > 0.49 && w->within_sla_share < 0.51);
    assert_int_equal(w->q2t_median, 10 * KIOSK_MS_PER_MIN);
    assert_int_equal(w->q2t_p90, 20 * KIOSK_MS_PER_MIN);
    assert_int_equal(w->t2r_median, 30 * KIOSK_MS_PER_MIN);
    assert_int_equal(w->t2r_p90, 90 * KIOSK_MS_PER_MIN);
    assert_int_equal(w->iaq, 3);
    assert_int_equal(w->exempt_known, 1);
    assert_int_equal(w->exempt_id, 0);
    /* series: now, c is open (a and b ended); 1 h ago c did not exist, b was open */
    assert_int_equal(r.series_24h[REPORT_SERIES_24H - 1], 1);
    assert_int_equal(r.series_24h[REPORT_SERIES_24H - 2], 1);
    assert_int_equal(r.series_24h[REPORT_SERIES_24H - 3], 2);
    assert_int_equal(r.series_24h[REPORT_SERIES_24H - 4], 0);
    /* histogram: 30 min in the <=30 bucket, 90 min in <=120 */
    assert_int_equal(r.hist_count[1], 1);
    assert_int_equal(r.hist_count[3], 1);
    report_backlog_finish(&r);
    /* 8 days later the 24 h and 7 d windows are empty, the 30 d one is not */
    f->now = t0 + 8 * KIOSK_MS_PER_DAY;
    assert_int_equal(report_backlog(f->st, &f->admin, &r), KIOSK_OK);
    assert_int_equal(r.windows[0].responded, 0);
    assert_int_equal(r.windows[0].t2r_median, -1);
    assert_int_equal(r.windows[1].responded, 0);
    assert_int_equal(r.windows[2].responded, 2);
    assert_int_equal(r.overdue_count, 1);
    assert_int_equal(r.overdue[0].clock, CLOCK_STATUTORY);
    report_backlog_finish(&r);
}

static void test_purge(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    kiosk_ms_t t0 = f->now;
    int64_t old = request_in_state(f, REQUEST_CLOSED);
    int64_t open = add_iaq(f, "B-OPEN");
    f->now = t0 + 40 * KIOSK_MS_PER_DAY;
    int64_t n = -1;
    assert_int_equal(store_purge(f->st, &f->supervisor, 30, &n), KIOSK_ERR_PERM);
    assert_int_equal(store_purge(f->st, &f->admin, 30, &n), KIOSK_OK);
    assert_int_equal(n, 1);
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->admin, old, &d), KIOSK_OK);
    assert_true(d.purged);
    assert_string_equal(d.row.ncic_name, "");
    assert_string_equal(d.iaq.family_name, "");
    assert_null(d.response_text);
    assert_string_equal(d.row.offense, "1313"); /* codes kept for reports */
    assert_int_equal(d.row.state, REQUEST_CLOSED);
    request_detail_finish(&d);
    char text[512], why[128];
    assert_int_equal(store_setting_set(f->st, &f->admin, "ori", "MO0950000", why, sizeof why),
                     KIOSK_OK);
    assert_int_equal(
        store_setting_set(f->st, &f->admin, "desk_phone", "573-555-0100", why, sizeof why),
        KIOSK_OK);
    assert_int_equal(request_iaq_text(f->st, &f->comms, old, text, sizeof text),
                     KIOSK_ERR_NOT_FOUND);
    assert_int_equal(request_get(f->st, &f->admin, open, &d), KIOSK_OK);
    assert_false(d.purged);
    assert_string_equal(d.iaq.family_name, "Doe");
    request_detail_finish(&d);
    int64_t bad;
    assert_int_equal(audit_verify(f->st, &f->admin, &bad, NULL, msg, sizeof msg), KIOSK_OK);
    struct report_backlog r;
    assert_int_equal(report_backlog(f->st, &f->admin, &r), KIOSK_OK);
    assert_int_equal(r.windows[2].iaq, 0); /* both older than 30 d: counts by time */
    report_backlog_finish(&r);
}

static void test_backup_restore(void **state)
{
    struct fixture *f = *state;
    char msg[512], dest[400], damaged[400];
    add_iaq(f, "B-BK");
    snprintf(dest, sizeof dest, "%s/backup.db", f->dir);
    assert_int_equal(store_backup(f->st, &f->deputy, dest, msg, sizeof msg), KIOSK_ERR_PERM);
    assert_int_equal(store_backup(f->st, &f->admin, dest, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(store_backup(f->st, &f->admin, dest, msg, sizeof msg), KIOSK_ERR_INVALID);
    /* each attempt is audited with its real outcome, after the attempt */
    char nowhere[420];
    snprintf(nowhere, sizeof nowhere, "%s/no-such-folder/b.db", f->dir);
    assert_int_equal(store_backup(f->st, &f->admin, nowhere, msg, sizeof msg), KIOSK_ERR_IO);
    struct audit_row *ar;
    size_t an;
    assert_int_equal(audit_list(f->st, &f->admin, 0, 0, &ar, &an), KIOSK_OK);
    int ok_rows = 0, failed_rows = 0;
    for (size_t i = 0; i < an; i++) {
        if (strcmp(ar[i].action, "store.backup") != 0)
            continue;
        ok_rows += !strcmp(ar[i].outcome, "ok");
        failed_rows += !strcmp(ar[i].outcome, "failed");
    }
    free(ar);
    assert_int_equal(ok_rows, 1);
    assert_int_equal(failed_rows, 2);
    int64_t after = add_iaq(f, "B-AFTER");
    store_close(f->st);
    f->st = NULL;
    /* a damaged backup is refused and the database stays */
    snprintf(damaged, sizeof damaged, "%s/damaged.db", f->dir);
    char cmd[1400];
    snprintf(cmd, sizeof cmd,
             "cp '%s' '%s' && dd if=/dev/urandom of='%s' bs=4096 seek=1 count=8 conv=notrunc "
             "2>/dev/null",
             dest, damaged, damaged);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(store_restore(damaged, f->path, &f->clock, NULL, msg, sizeof msg),
                     KIOSK_ERR_CORRUPT);
    snprintf(cmd, sizeof cmd, "printf 'not a database at all' > '%s'", damaged);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(store_restore(damaged, f->path, &f->clock, NULL, msg, sizeof msg),
                     KIOSK_ERR_CORRUPT);
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->admin, after, &d), KIOSK_OK);
    request_detail_finish(&d);
    /* while the kiosk has the file open, a restore is refused and changes nothing */
    assert_int_equal(store_restore(dest, f->path, &f->clock, "A1", msg, sizeof msg),
                     KIOSK_ERR_BUSY);
    assert_non_null(strstr(msg, "in use"));
    assert_int_equal(request_get(f->st, &f->admin, after, &d), KIOSK_OK);
    request_detail_finish(&d);
    store_close(f->st);
    f->st = NULL;
    /* only the file's owner may restore (the caller's uid is the seam, so
     * this holds when the tests run as root too) */
    assert_int_equal(
        store_restore_as(dest, f->path, &f->clock, "A1", getuid() + 12345, msg, sizeof msg),
        KIOSK_ERR_PERM);
    /* a good backup replaces it */
    assert_int_equal(store_restore(dest, f->path, &f->clock, "A1", msg, sizeof msg), KIOSK_OK);
    assert_int_equal(store_open(f->path, &f->clock, &f->st, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(request_get(f->st, &f->admin, after, &d), KIOSK_ERR_NOT_FOUND);
    int64_t bad;
    assert_int_equal(audit_verify(f->st, &f->admin, &bad, NULL, msg, sizeof msg), KIOSK_OK);
    struct audit_row *rows;
    size_t n;
    assert_int_equal(audit_list(f->st, &f->admin, 0, 0, &rows, &n), KIOSK_OK);
    bool restored = false;
    for (size_t i = 0; i < n; i++)
        restored |= !strcmp(rows[i].action, "store.restore");
    free(rows);
    assert_true(restored);
    int version;
    assert_int_equal(store_check(f->st, true, &version, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(version, STORE_SCHEMA_VERSION);
}

static void test_damaged_file_refused(void **state)
{
    (void)state;
    char dir[] = "/tmp/kiosk-damaged-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128], cmd[300], msg[256], keys[128];
    snprintf(keys, sizeof keys, "%s/keys", dir);
    setenv("KIOSK_KEY_DIR", keys, 1);
    snprintf(path, sizeof path, "%s/k.db", dir);
    snprintf(cmd, sizeof cmd, "head -c 8192 /dev/urandom > '%s'", path);
    assert_int_equal(system(cmd), 0);
    struct store *st = NULL;
    assert_int_equal(store_open(path, NULL, &st, msg, sizeof msg), KIOSK_ERR_CORRUPT);
    assert_null(st);
    assert_non_null(strstr(msg, "damaged"));
    snprintf(path, sizeof path, "%s/missing.db", dir);
    assert_int_equal(store_open_existing(path, NULL, &st, msg, sizeof msg), KIOSK_ERR_NOT_FOUND);
    fixture_rm_dir(dir);
}

/* Migration from every earlier version, with data written at that version. */
static void test_migrations(void **state)
{
    (void)state;
    for (int v = 1; v < STORE_SCHEMA_VERSION; v++) {
        char dir[] = "/tmp/kiosk-migrate-XXXXXX";
        assert_non_null(mkdtemp(dir));
        char path[128], msg[256], keys[128];
        snprintf(keys, sizeof keys, "%s/keys", dir);
        setenv("KIOSK_KEY_DIR", keys, 1);
        snprintf(path, sizeof path, "%s/k.db", dir);
        assert_int_equal(store_create_at_version(path, v), KIOSK_OK);
        sqlite3 *db;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        const char *rows =
            "INSERT INTO users(id, badge, name, role, pin_hash, created) VALUES"
            " (1, 'D7', 'Dana', 'deputy', 'x', 1);"
            "INSERT INTO intakes(id, booking_number, charges, basis, deputy_id, deputy_badge,"
            " created, closed) VALUES (1, 'B-OLD', '1313', 'iaq', 1, 'D7', 1000, 9000);"
            "INSERT INTO requests(id, intake_id, state, fields, offense, booked, created, queued,"
            " transmitted, responded, closed, updated) VALUES (1, 1, 'closed', '{}', '1313',"
            " 1000, 1000, 1000, 2000, 5000, 9000, 9000);"
            "INSERT INTO intakes(id, booking_number, charges, basis, deputy_id, deputy_badge,"
            " created) VALUES (2, 'B-OPEN', '1313', 'iaq', 1, 'D7', 1000);"
            "INSERT INTO requests(id, intake_id, state, fields, offense, booked, created, queued,"
            " transmitted, updated) VALUES (2, 2, 'transmitted', '{}', '1313', 1000, 1000,"
            " 1000, 3000, 3000);";
        assert_int_equal(sqlite3_exec(db, rows, NULL, NULL, NULL), SQLITE_OK);
        if (v >= 3) /* what a version-3 build writes itself */
            assert_int_equal(sqlite3_exec(db,
                                          "UPDATE requests SET ended = responded,"
                                          " first_transmitted = transmitted",
                                          NULL, NULL, NULL),
                             SQLITE_OK);
        sqlite3_close(db);
        struct store *st;
        assert_int_equal(store_open(path, NULL, &st, msg, sizeof msg), KIOSK_OK);
        int version;
        assert_int_equal(store_check(st, true, &version, msg, sizeof msg), KIOSK_OK);
        assert_int_equal(version, STORE_SCHEMA_VERSION);
        sqlite3_stmt *q;
        assert_int_equal(store_prepare(st,
                                       "SELECT id, ended, first_transmitted FROM requests"
                                       " ORDER BY id",
                                       &q),
                         KIOSK_OK);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int64(q, 1), 5000);
        assert_int_equal(sqlite3_column_int64(q, 2), 2000);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        assert_int_equal(sqlite3_column_type(q, 1), SQLITE_NULL);
        assert_int_equal(sqlite3_column_int64(q, 2), 3000);
        sqlite3_finalize(q);
        assert_int_equal(store_prepare(st,
                                       "SELECT count(*) FROM sqlite_master WHERE name IN"
                                       " ('consular', 'requests_open', 'requests_active')",
                                       &q),
                         KIOSK_OK);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(q, 0), 3);
        sqlite3_finalize(q);
        assert_int_equal(store_prepare(st, "SELECT count(*) FROM consular", &q), KIOSK_OK);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        sqlite3_finalize(q);
        store_close(st);
        /* a newer file than this build is refused, not damaged */
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        assert_int_equal(store_open(path, NULL, &st, msg, sizeof msg), KIOSK_ERR_UNSUPPORTED);
        assert_non_null(strstr(msg, "99"));
        fixture_rm_dir(dir);
    }
}

/* AU-5: an action whose audit row cannot be written does not happen; a full
 * disk leaves nothing half-written either. */
static void test_audit_failure_blocks_action(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    int64_t rid = add_iaq(f, "B-AU5");
    sqlite3 *db = store_db(f->st);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TEMP TRIGGER audit_fails BEFORE INSERT ON main.audit"
                                  " BEGIN SELECT RAISE(ABORT, 'audit device failed'); END;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    struct intake_input in;
    iaq_input(&in, "B-NOAUDIT");
    struct iaq_problems p;
    int64_t iid = 0, rid2 = 0;
    assert_int_not_equal(intake_add(f->st, &f->deputy, &in, &p, &iid, &rid2), KIOSK_OK);
    assert_int_equal(iid, 0);
    assert_int_not_equal(request_transmit(f->st, &f->comms, rid, "M", msg, sizeof msg), KIOSK_OK);
    assert_int_not_equal(store_setting_set(f->st, &f->admin, "queue_sla_min", "5", msg, sizeof msg),
                         KIOSK_OK);
    assert_int_equal(sqlite3_exec(db, "DROP TRIGGER temp.audit_fails", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(state_of(f, rid), REQUEST_QUEUED);
    sqlite3_stmt *q;
    assert_int_equal(store_prepare(f->st,
                                   "SELECT (SELECT count(*) FROM intakes WHERE booking_number ="
                                   " 'B-NOAUDIT'), (SELECT count(*) FROM request_events WHERE"
                                   " request_id = ?1)",
                                   &q),
                     KIOSK_OK);
    sqlite3_bind_int64(q, 1, rid);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 0);
    assert_int_equal(sqlite3_column_int(q, 1), 1);
    sqlite3_finalize(q);
    struct store_settings set;
    store_settings_get(f->st, &set);
    assert_int_equal(set.queue_sla_min, 15);
    /* disk full: cap the file at its current size, add until it refuses */
    assert_int_equal(sqlite3_exec(db,
                                  "PRAGMA wal_checkpoint(TRUNCATE);"
                                  " PRAGMA max_page_count = 1;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    int rc = KIOSK_OK;
    int added = 0;
    for (int i = 0; i < 10000 && rc == KIOSK_OK; i++, added++) {
        iaq_input(&in, "B-FULL");
        rc = intake_add(f->st, &f->deputy, &in, &p, &iid, &rid2);
    }
    assert_int_equal(rc, KIOSK_ERR_NOSPACE); /* "disk full", exit 74 (issue 12) */
    assert_int_equal(store_prepare(f->st,
                                   "SELECT count(*) FROM intakes i WHERE NOT EXISTS (SELECT 1"
                                   " FROM requests r WHERE r.intake_id = i.id)",
                                   &q),
                     KIOSK_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 0);
    sqlite3_finalize(q);
    int64_t bad;
    assert_int_equal(audit_verify(f->st, NULL, &bad, NULL, msg, sizeof msg), KIOSK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_state_machine, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transition_roles_and_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_back_dated_transition, setup, teardown),
        cmocka_unit_test(test_array_reserve),
        cmocka_unit_test_setup_teardown(test_clocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intake_validation_and_exemptions, setup, teardown),
        cmocka_unit_test(test_intake_json),
        cmocka_unit_test_setup_teardown(test_consular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backlog_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup_restore, setup, teardown),
        cmocka_unit_test(test_damaged_file_refused),
        cmocka_unit_test(test_migrations),
        cmocka_unit_test_setup_teardown(test_audit_failure_blocks_action, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
