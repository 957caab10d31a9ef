/* Policy fidelity II (issue 10), rule by rule in the core: the valid-ID
 * exemption is for US federal and state IDs (FOREIGN_ISSUER, the IIN 636027
 * notice), nationality asked on every exemption path, OFF/ as the most
 * serious charge, ORI and desk phone before any IAQ, the §B.4 warning, the
 * Nlets form, the RSMo 544.472 DHS step, detainers, release before an
 * answer, the booking time, the consular conditions and the person's wish,
 * nationality learned later, the kiosk's time zone, and one intake per
 * booking number. Real SQLite files, the fixed clock of store_fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/aamva_json.h"
#include "core/consular.h"
#include "core/consular_text.h"
#include "core/iaq_policy.h"
#include "core/idcheck.h"
#include "core/intake.h"
#include "core/intake_find.h"
#include "core/request.h"
#include "core/request_after.h"
#include "core/severity.h"
#include "core/tz.h"
#include "store_fixture.h"

#include <jansson.h>
#include <time.h>

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

static const char *problem(const struct iaq_problems *p, const char *field)
{
    for (int i = 0; i < p->count; i++)
        if (!strcmp(p->items[i].field, field))
            return p->items[i].message;
    return NULL;
}

/* The `id parse --json` shape of a fictional licence from issuer iin. */
static json_t *doc_json(const char *iin, const char *number)
{
    const struct code_iin *c = codes_iin_find(iin);
    assert_non_null(c);
    return json_pack(
        "{s:s, s:s, s:{s:s?, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:s}", "format", "aamva", "iin",
        iin, "issuer", "code", c->jurisdiction[0] ? c->jurisdiction : NULL, "name", c->name,
        "country", c->country, "document_type", "DL", "family_name", "PUBLIC", "first_name", "JOHN",
        "dob", "1970-01-31", "document_number", number, "expires", "2030-08-31");
}

static void verdict_of(const char *iin, struct idcheck_verdict *v)
{
    json_t *j = doc_json(iin, "D1234567");
    struct aamva_doc d;
    char msg[160];
    assert_int_equal(aamva_doc_from_json(j, &d, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(idcheck_evaluate(&d, 2026, 11, 27, NULL, v), KIOSK_OK);
    json_decref(j);
}

static void exempt_input(struct intake_input *in, const char *booking)
{
    memset(in, 0, sizeof *in);
    snprintf(in->booking_number, sizeof in->booking_number, "%s", booking);
    strcpy(in->charges[0], "5404");
    in->basis = INTAKE_EXEMPT_KNOWN;
    strcpy(in->known_reason, "known to the member");
    strcpy(in->nationality[0], "US");
}

static void iaq_input(struct intake_input *in, const char *booking)
{
    memset(in, 0, sizeof *in);
    snprintf(in->booking_number, sizeof in->booking_number, "%s", booking);
    strcpy(in->charges[0], "5404");
    in->basis = INTAKE_IAQ;
    strcpy(in->iaq.family_name, "Roe");
    strcpy(in->iaq.first_name, "Rowan");
    strcpy(in->iaq.dob, "1990-02-28");
    strcpy(in->iaq.sex, "M");
    strcpy(in->iaq.pob, "MM");
    strcpy(in->iaq.nationality[0], "MM");
}

static int64_t add(struct fixture *f, const struct auth_actor *who, const struct intake_input *in,
                   int64_t *rid)
{
    struct iaq_problems p;
    int64_t iid = 0, r = 0;
    int rc = intake_add(f->st, who, in, &p, &iid, &r);
    if (rc != KIOSK_OK)
        fail_msg("intake_add: %d %s: %s", rc, p.count ? p.items[0].field : "",
                 p.count ? p.items[0].message : "");
    if (rid)
        *rid = r;
    return iid;
}

/* §1: Canadian and Mexican issuers are not exemptions; 636027 notices. */
static void test_foreign_issuer_and_636027(void **state)
{
    struct fixture *f = *state;
    struct idcheck_verdict v;
    verdict_of("636012", &v);
    assert_false(v.valid);
    assert_int_equal(v.reasons[0].code, IDCHECK_FOREIGN_ISSUER);
    assert_string_equal(idcheck_reason_name(v.reasons[0].code), "FOREIGN_ISSUER");
    assert_string_equal(v.reasons[0].message,
                        "issued by Ontario, Canada: not a US federal or state ID");
    assert_true(v.ask_nationality);
    verdict_of("636056", &v);
    assert_false(v.valid);
    assert_string_equal(v.reasons[0].message,
                        "issued by Coahuila, Mexico: not a US federal or state ID");
    verdict_of("636026", &v); /* Arizona */
    assert_true(v.valid);
    assert_string_equal(v.notice, "");
    assert_false(v.ask_nationality);
    verdict_of("604431", &v); /* Puerto Rico: a US territory */
    assert_true(v.valid);
    verdict_of("636027", &v); /* State Department, foreign missions */
    assert_true(v.valid);
    assert_non_null(strstr(v.notice, "immunity"));
    assert_non_null(strstr(v.notice, "notify a supervisor"));
    assert_true(v.ask_nationality);

    /* intake add refuses the foreign licence naming the code */
    struct intake_input in;
    exempt_input(&in, "P1-ON");
    in.basis = INTAKE_EXEMPT_ID;
    json_t *on = doc_json("636012", "ON1234567");
    in.id_document = on;
    struct iaq_problems p;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(strstr(problem(&p, "id_document"), "FOREIGN_ISSUER"));
    json_decref(on);
    /* 636027 is recorded with its notice */
    json_t *dos = doc_json("636027", "DS7654321");
    in.id_document = dos;
    strcpy(in.booking_number, "P1-DOS");
    char notice[200];
    assert_true(intake_input_notice(&in, notice, sizeof notice));
    int64_t iid = add(f, &f->deputy, &in, NULL);
    struct intake_summary s;
    assert_int_equal(intake_get(f->st, &f->deputy, iid, &s), KIOSK_OK);
    assert_non_null(strstr(s.id_notice, "immunity"));
    json_decref(dos);
}

/* §1: nationality asked on every exemption path. */
static void test_nationality_required(void **state)
{
    struct fixture *f = *state;
    struct intake_input in;
    struct iaq_problems p;
    exempt_input(&in, "P1-NAT");
    in.nationality[0][0] = 0;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(strstr(problem(&p, "nationality"), "US citizen"));
    in.nationality_not_known = true;
    int64_t iid = add(f, &f->deputy, &in, NULL);
    struct intake_summary s;
    assert_int_equal(intake_get(f->st, &f->deputy, iid, &s), KIOSK_OK);
    assert_true(s.nationality_not_known);
    /* both at once is a contradiction */
    exempt_input(&in, "P1-NAT2");
    in.nationality_not_known = true;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "nationality"));
    /* the JSON form: "not_known" */
    json_t *j = json_loads("{\"booking_number\":\"P1-J\",\"charges\":[\"5404\"],\"nationality\":"
                           "\"not_known\",\"personal_knowledge\":{\"reason\":\"known\"}}",
                           0, NULL);
    assert_int_equal(intake_input_from_json(j, &in, &p), KIOSK_OK);
    assert_true(in.nationality_not_known);
    json_decref(j);
}

/* §2: OFF/ is the most serious charge; the deputy may override. */
static void test_most_serious_charge(void **state)
{
    struct fixture *f = *state;
    const char a[][8] = {"5404", "0911", ""};
    assert_int_equal(severity_most_serious(a, 2), 1);
    const char b[][8] = {"2399", "1202", ""};
    assert_int_equal(severity_most_serious(b, 2), 1);
    const char c[][8] = {"1313", "5404", ""};
    assert_int_equal(severity_most_serious(c, 2), 0);
    const char d[][8] = {"2401", "2301", "2201", "1315", "1101", "0909", "0911", ""};
    assert_int_equal(severity_most_serious(d, 7), 6); /* the UCR Part I order */
    const char e[][8] = {"2001", "2401", ""};         /* arson after motor vehicle theft */
    assert_int_equal(severity_most_serious(e, 2), 1);
    const char g[][8] = {"0301", "5404", ""}; /* immigration last */
    assert_int_equal(severity_most_serious(g, 2), 1);
    const char *label = NULL;
    assert_int_equal(severity_rank("0911", &label), 1);
    assert_non_null(strstr(label, "homicide"));
    /* every NCIC offense code has a rank */
    for (size_t i = 0; i < codes_offense_count; i++)
        assert_true(severity_rank(codes_offense[i].code, NULL) > 0);

    struct intake_input in;
    iaq_input(&in, "P2-OFF");
    strcpy(in.charges[1], "0911");
    int64_t rid;
    add(f, &f->deputy, &in, &rid);
    struct request_detail det;
    assert_int_equal(request_get(f->st, &f->deputy, rid, &det), KIOSK_OK);
    assert_string_equal(det.row.offense, "0911");
    assert_string_equal(det.offense_auto, "0911");
    assert_false(det.offense_overridden);
    request_detail_finish(&det);
    iaq_input(&in, "P2-OFF2");
    strcpy(in.charges[0], "2399");
    strcpy(in.charges[1], "1202");
    strcpy(in.iaq.offense, "2399"); /* the deputy's override */
    add(f, &f->deputy, &in, &rid);
    assert_int_equal(request_get(f->st, &f->deputy, rid, &det), KIOSK_OK);
    assert_string_equal(det.row.offense, "2399");
    assert_string_equal(det.offense_auto, "1202");
    assert_true(det.offense_overridden);
    request_detail_finish(&det);
}

/* §2: ORI format, IAQ refused without ORI/phone, Nlets form, §B.4. */
static void test_ori_phone_nlets_b4(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    static const char *const bad[] = {"MO095000",  "MO09500000", "XX0950000", "mo0950000",
                                      "MO09500!0", "ON0950000",  ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (store_setting_set(f->st, &f->admin, "ori", bad[i], msg, sizeof msg) !=
            KIOSK_ERR_INVALID)
            fail_msg("ori '%s' accepted", bad[i]);
    assert_non_null(strstr(msg, "9 characters"));
    struct intake_input in;
    iaq_input(&in, "P2-ORI");
    int64_t rid;
    add(f, &f->deputy, &in, &rid);
    char text[2048];
    assert_int_equal(
        request_iaq_render(f->st, &f->comms, rid, false, text, sizeof text, msg, sizeof msg),
        KIOSK_ERR_INVALID);
    assert_non_null(strstr(msg, "ori"));
    assert_int_equal(store_setting_set(f->st, &f->admin, "ori", "MO0950000", msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(
        request_iaq_render(f->st, &f->comms, rid, false, text, sizeof text, msg, sizeof msg),
        KIOSK_ERR_INVALID);
    assert_non_null(strstr(msg, "desk_phone"));
    assert_int_equal(
        store_setting_set(f->st, &f->admin, "desk_phone", "573-555-0100", msg, sizeof msg),
        KIOSK_OK);
    assert_true(
        request_iaq_render(f->st, &f->comms, rid, false, text, sizeof text, msg, sizeof msg) > 0);
    assert_non_null(strstr(text, "IAQ.MO0950000.AX.TXT\nPUR/C\n"));
    assert_non_null(strstr(text, "PHN/573-555-0100\n"));
    assert_true(
        request_iaq_render(f->st, &f->comms, rid, true, text, sizeof text, msg, sizeof msg) > 0);
    assert_non_null(strstr(text, "IAQ.MO0950000.AX.TXT\nPUR/C.ATN/DANA DEPUTY D7.PHN/"));
    assert_non_null(strstr(text, ".OFF/5404.CTZ/MM.\n"));
    assert_null(strstr(text + strlen("IAQ.MO0950000.AX.TXT\n"), "\n\n"));

    const char only[][8] = {"0301", "0399", ""};
    assert_true(iaq_immigration_only(only, 2));
    const char mixed[][8] = {"0301", "5404", ""};
    assert_false(iaq_immigration_only(mixed, 2));
    const char none[][8] = {""};
    assert_false(iaq_immigration_only(none, 1));
    assert_non_null(strstr(iaq_immigration_only_warning(), "Policy B.4"));
    assert_non_null(strstr(iaq_immigration_only_warning(), "A proper Missouri"));
}

/* §3: RSMo 544.472 DHS step, detainer, release before an answer, booked time. */
static void test_after_ice_answers(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    struct intake_input in;
    iaq_input(&in, "P3-DHS");
    int64_t rid;
    add(f, &f->deputy, &in, &rid);
    assert_int_equal(request_dhs_notified(f->st, &f->deputy, rid, "fax", NULL, msg, sizeof msg),
                     KIOSK_ERR_STATE);
    f->now += KIOSK_MS_PER_MIN;
    assert_int_equal(request_transmit(f->st, &f->comms, rid, "M1", msg, sizeof msg), KIOSK_OK);
    f->now += 30 * KIOSK_MS_PER_MIN;
    assert_int_equal(request_respond(f->st, &f->comms, rid, "record_found_unlawfully_present",
                                     "IAR TEXT", msg, sizeof msg),
                     KIOSK_OK);
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->deputy, rid, &d), KIOSK_OK);
    assert_int_equal(d.row.dhs_due, f->now); /* due at once */
    assert_int_equal(d.row.dhs_done, 0);
    request_detail_finish(&d);
    /* stays open (on the board) until DHS is notified */
    assert_int_equal(request_close(f->st, &f->deputy, rid, msg, sizeof msg), KIOSK_ERR_STATE);
    assert_non_null(strstr(msg, "DHS"));
    assert_int_equal(request_dhs_notified(f->st, &f->deputy, rid, "pigeon", NULL, msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    f->now += 5 * KIOSK_MS_PER_MIN;
    assert_int_equal(
        request_dhs_notified(f->st, &f->deputy, rid, "fax", "ERO Kansas City", msg, sizeof msg),
        KIOSK_OK);
    assert_int_equal(request_dhs_notified(f->st, &f->deputy, rid, "fax", NULL, msg, sizeof msg),
                     KIOSK_ERR_STATE);
    assert_int_equal(request_get(f->st, &f->deputy, rid, &d), KIOSK_OK);
    assert_int_equal(d.row.dhs_done, f->now);
    assert_string_equal(d.dhs_by, "D7");
    assert_string_equal(d.dhs_method, "fax");
    assert_string_equal(d.dhs_note, "ERO Kansas City");
    request_detail_finish(&d);
    assert_int_equal(request_close(f->st, &f->deputy, rid, msg, sizeof msg), KIOSK_OK);

    /* detainer to follow opens the detainer record */
    iaq_input(&in, "P3-DET");
    add(f, &f->deputy, &in, &rid);
    assert_int_equal(request_transmit(f->st, &f->comms, rid, "M2", msg, sizeof msg), KIOSK_OK);
    assert_int_equal(request_detainer_received(f->st, &f->deputy, rid, f->now, "ERO", "I-247A",
                                               true, msg, sizeof msg),
                     KIOSK_ERR_STATE);
    f->now += 10 * KIOSK_MS_PER_MIN;
    assert_int_equal(
        request_respond(f->st, &f->comms, rid, "detainer_to_follow", "IAR", msg, sizeof msg),
        KIOSK_OK);
    struct request_row *rows;
    size_t n;
    assert_int_equal(request_list(f->st, &f->deputy, 0, &rows, &n), KIOSK_OK);
    bool on_board = false;
    for (size_t i = 0; i < n; i++)
        on_board |= rows[i].id == rid && rows[i].detainer && rows[i].detainer_received == 0;
    free(rows);
    assert_true(on_board);
    assert_int_equal(request_detainer_received(f->st, &f->deputy, rid, f->now + KIOSK_MS_PER_HOUR,
                                               "ERO", "I-247A", true, msg, sizeof msg),
                     KIOSK_ERR_INVALID); /* in the future */
    f->now += KIOSK_MS_PER_HOUR;
    assert_int_equal(request_detainer_received(f->st, &f->deputy, rid, f->now - KIOSK_MS_PER_MIN,
                                               "ERO Kansas City", "I-247A", true, msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(request_get(f->st, &f->deputy, rid, &d), KIOSK_OK);
    assert_int_equal(d.row.detainer_received, f->now - KIOSK_MS_PER_MIN);
    assert_string_equal(d.detainer_form, "I-247A");
    assert_string_equal(d.detainer_office, "ERO Kansas City");
    assert_true(d.detainer_notify_release);
    request_detail_finish(&d);

    /* released before an answer; the later answer is still recorded */
    iaq_input(&in, "P3-REL");
    add(f, &f->deputy, &in, &rid);
    f->now += KIOSK_MS_PER_MIN;
    assert_int_equal(request_transmit(f->st, &f->comms, rid, "M3", msg, sizeof msg), KIOSK_OK);
    f->now += KIOSK_MS_PER_HOUR;
    assert_int_equal(request_release(f->st, &f->comms, rid, NULL, msg, sizeof msg), KIOSK_ERR_PERM);
    assert_int_equal(request_release(f->st, &f->deputy, rid, "bond posted", msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(request_release(f->st, &f->deputy, rid, NULL, msg, sizeof msg),
                     KIOSK_ERR_STATE);
    f->now += KIOSK_MS_PER_HOUR;
    assert_int_equal(request_respond(f->st, &f->comms, rid, "no_record", "IAR", msg, sizeof msg),
                     KIOSK_OK);
    assert_int_equal(request_get(f->st, &f->deputy, rid, &d), KIOSK_OK);
    assert_int_equal(d.row.state, REQUEST_RESPONDED);
    assert_true(d.row.released > 0);
    assert_string_equal(d.released_by, "D7");
    assert_string_equal(d.release_note, "bond posted");
    request_detail_finish(&d);

    /* the 48-hour clock runs from the booking time entered */
    iaq_input(&in, "P3-BOOK");
    strcpy(in.booked_at, "2026-11-27T00:30"); /* CST: 06:30Z, 3.5 h before now */
    int64_t iid = add(f, &f->deputy, &in, &rid);
    assert_int_equal(request_get(f->st, &f->deputy, rid, &d), KIOSK_OK);
    kiosk_ms_t booked;
    assert_int_equal(clock_parse_iso("2026-11-27T06:30:00Z", &booked), KIOSK_OK);
    assert_int_equal(d.row.booked, booked);
    assert_int_equal(d.row.clocks.statutory_due, booked + 48 * KIOSK_MS_PER_HOUR);
    request_detail_finish(&d);
    struct intake_summary s;
    assert_int_equal(intake_get(f->st, &f->deputy, iid, &s), KIOSK_OK);
    assert_int_equal(s.booked_at, booked);
    struct iaq_problems p;
    iaq_input(&in, "P3-BOOK2");
    strcpy(in.booked_at, "2099-01-01T00:00Z");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "booked_at"));
    strcpy(in.booked_at, "yesterday");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "booked_at"));
}

/* §4: the consular rules. */
static void test_consular_rules(void **state)
{
    struct fixture *f = *state;
    char msg[256];
    struct intake_input in;
    struct consular_record r;
    /* a dual US national opens no record, even for a mandatory country */
    exempt_input(&in, "P4-US");
    strcpy(in.nationality[1], "GD");
    int64_t iid = add(f, &f->deputy, &in, NULL);
    assert_int_equal(consular_get(f->st, &f->deputy, iid, &r), KIOSK_ERR_NOT_FOUND);
    /* Poland: mandatory for a non-LPR ... */
    exempt_input(&in, "P4-PL");
    strcpy(in.nationality[0], "PO");
    iid = add(f, &f->deputy, &in, NULL);
    assert_int_equal(consular_get(f->st, &f->deputy, iid, &r), KIOSK_OK);
    assert_true(r.mandatory);
    /* ... not for a Polish national with a permanent-resident card */
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "P4-PLLPR");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_ID;
    in.manual = true;
    strcpy(in.manual_document.kind, "permanent_resident_card");
    strcpy(in.manual_document.issuer, "US");
    strcpy(in.manual_document.number, "IOE0123456789");
    strcpy(in.manual_document.expires, "2031-04-30");
    in.manual_document.attested = true;
    strcpy(in.nationality[0], "PO");
    iid = add(f, &f->deputy, &in, NULL);
    assert_int_equal(consular_get(f->st, &f->deputy, iid, &r), KIOSK_OK);
    assert_false(r.mandatory);
    assert_non_null(strstr(r.mandatory_note, "permanent"));
    assert_int_equal(r.status, CONSULAR_DUE); /* ask the person */
    /* requested: due without delay, on the clocks */
    f->now += KIOSK_MS_PER_HOUR;
    assert_int_equal(consular_wish(f->st, &f->deputy, iid, "maybe", msg, sizeof msg),
                     KIOSK_ERR_INVALID);
    assert_int_equal(consular_wish(f->st, &f->deputy, iid, "requested", msg, sizeof msg), KIOSK_OK);
    assert_int_equal(consular_wish(f->st, &f->deputy, iid, "declined", msg, sizeof msg),
                     KIOSK_ERR_STATE);
    assert_int_equal(consular_get(f->st, &f->deputy, iid, &r), KIOSK_OK);
    assert_string_equal(r.wish, "requested");
    assert_int_equal(r.wish_at, f->now);
    assert_int_equal(r.escalate_at, f->now + 24 * KIOSK_MS_PER_HOUR);
    assert_int_equal(r.overdue_at, f->now + 72 * KIOSK_MS_PER_HOUR);
    assert_int_equal(r.status, CONSULAR_DUE);
    f->now += 73 * KIOSK_MS_PER_HOUR;
    assert_int_equal(consular_get(f->st, &f->deputy, iid, &r), KIOSK_OK);
    assert_int_equal(r.status, CONSULAR_OVERDUE);
    /* a mandatory record does not take a wish */
    exempt_input(&in, "P4-GD");
    strcpy(in.nationality[0], "GD");
    int64_t gd = add(f, &f->deputy, &in, NULL);
    assert_int_equal(consular_wish(f->st, &f->deputy, gd, "declined", msg, sizeof msg),
                     KIOSK_ERR_STATE);
    /* declined + informed: nothing outstanding */
    exempt_input(&in, "P4-FR");
    strcpy(in.nationality[0], "FN"); /* France: not on the mandatory list */
    int64_t fr = add(f, &f->deputy, &in, NULL);
    assert_int_equal(consular_informed(f->st, &f->deputy, fr, msg, sizeof msg), KIOSK_OK);
    assert_int_equal(consular_get(f->st, &f->deputy, fr, &r), KIOSK_OK);
    assert_int_equal(r.status, CONSULAR_DUE); /* the wish is not asked yet */
    assert_int_equal(consular_wish(f->st, &f->deputy, fr, "declined", msg, sizeof msg), KIOSK_OK);
    assert_int_equal(consular_get(f->st, &f->deputy, fr, &r), KIOSK_OK);
    assert_int_equal(r.status, CONSULAR_DONE);

    /* PRC / Taiwan passport and the UK row, in plain words */
    struct consular_assessment a;
    const char prc[][4] = {"RC", "", "", ""};
    consular_assess(prc, false, &a);
    assert_true(a.mandatory);
    assert_non_null(strstr(a.plain_words, "Taiwan"));
    const char roc[][4] = {"RC", "TW", "", ""};
    consular_assess(roc, false, &a);
    assert_false(a.mandatory);
    assert_non_null(strstr(a.plain_words, "TECRO"));
    const char tw[][4] = {"TW", "", "", ""};
    consular_assess(tw, false, &a);
    assert_true(a.foreign);
    assert_false(a.mandatory);
    assert_non_null(strstr(a.plain_words, "TECRO"));
    const char bm[][4] = {"BM", "", "", ""}; /* Bermuda: the UK row */
    consular_assess(bm, false, &a);
    assert_true(a.mandatory);
    assert_non_null(strstr(a.plain_words, "overseas territories"));
    const char usgd[][4] = {"GD", "US", "", ""};
    consular_assess(usgd, false, &a);
    assert_false(a.foreign);
    assert_true(a.us_national);

    /* nationality learned later opens the record */
    exempt_input(&in, "P4-LATER");
    in.nationality[0][0] = 0;
    in.nationality_not_known = true;
    int64_t later = add(f, &f->deputy, &in, NULL);
    assert_int_equal(consular_get(f->st, &f->deputy, later, &r), KIOSK_ERR_NOT_FOUND);
    const char mm[][4] = {"MM", "", "", ""};
    bool opened = false;
    assert_int_equal(
        consular_nationality_later(f->st, &f->comms, later, mm, &opened, msg, sizeof msg),
        KIOSK_ERR_PERM);
    const char xx[][4] = {"ZZ", "", "", ""};
    assert_int_equal(
        consular_nationality_later(f->st, &f->deputy, later, xx, &opened, msg, sizeof msg),
        KIOSK_ERR_INVALID);
    assert_int_equal(
        consular_nationality_later(f->st, &f->deputy, later, mm, &opened, msg, sizeof msg),
        KIOSK_OK);
    assert_true(opened);
    assert_int_equal(consular_get(f->st, &f->deputy, later, &r), KIOSK_OK);
    assert_string_equal(r.nationality[0], "MM");
    assert_int_equal(
        consular_nationality_later(f->st, &f->deputy, later, mm, &opened, msg, sizeof msg),
        KIOSK_ERR_STATE);
    struct intake_summary s;
    assert_int_equal(intake_get(f->st, &f->deputy, later, &s), KIOSK_OK);
    assert_string_equal(s.nationality[0], "MM");
    assert_false(s.nationality_not_known);

    /* a country named by ICE's answer */
    char code[4];
    const char *cname = NULL;
    assert_true(
        consular_country_in_text("IAR ... COUNTRY OF CITIZENSHIP: mexico ...", code, &cname));
    assert_string_equal(code, "MM");
    assert_true(consular_country_in_text("CTZ NIGERIA", code, NULL));
    assert_string_equal(code, "NG"); /* not NIGER */
    assert_false(consular_country_in_text("NO RECORD LOCATED", code, NULL));
    assert_false(consular_country_in_text("CHINATOWN", code, NULL));
    assert_true(consular_country_in_text("CITIZEN OF CHINA", code, NULL));
    assert_string_equal(code, "RC");

    /* the statements, complete, in English and Spanish */
    assert_non_null(strstr(consular_statement(false, "en"),
                           "Do you want us to notify your country's consular officers at this "
                           "time?"));
    assert_non_null(strstr(consular_statement(true, "en"), "we are required to notify"));
    assert_non_null(strstr(consular_statement(false, "es"), "\xc2\xbfQuiere usted"));
    assert_non_null(strstr(consular_statement(true, "es"), "estamos obligados"));
    assert_null(consular_statement(true, "fr"));
    assert_non_null(strstr(consular_asylum_warning(), "asylum"));
}

/* §5: the kiosk's zone decides "today"; the machine's TZ does not. */
static void test_timezone(void **state)
{
    struct fixture *f = *state;
    static const char *const machine[] = {"UTC", "Asia/Tokyo", "America/Los_Angeles"};
    for (size_t z = 0; z < 3; z++) {
        setenv("TZ", machine[z], 1);
        tzset();
        kiosk_ms_t t;
        int y, m, d;
        assert_int_equal(clock_parse_iso("2026-12-02T02:00:00Z", &t), KIOSK_OK);
        assert_int_equal(tz_local_date(TZ_DEFAULT, t, &y, &m, &d), KIOSK_OK);
        assert_int_equal(y * 10000 + m * 100 + d, 20261201);
        assert_int_equal(clock_parse_iso("2026-12-02T07:00:00Z", &t), KIOSK_OK);
        assert_int_equal(tz_local_date(TZ_DEFAULT, t, &y, &m, &d), KIOSK_OK);
        assert_int_equal(y * 10000 + m * 100 + d, 20261202);
        kiosk_ms_t local;
        assert_int_equal(tz_parse_local(TZ_DEFAULT, "2026-12-01T20:00", &local), KIOSK_OK);
        assert_int_equal(clock_parse_iso("2026-12-02T02:00:00Z", &t), KIOSK_OK);
        assert_int_equal(local, t);
        assert_int_equal(tz_parse_local(TZ_DEFAULT, "2026-12-01T20:00+01:00", &local), KIOSK_OK);
        assert_int_equal(clock_parse_iso("2026-12-01T19:00:00Z", &t), KIOSK_OK);
        assert_int_equal(local, t);
        char buf[TZ_LOCAL_LEN];
        assert_string_equal(tz_format_local(TZ_DEFAULT, t, buf, sizeof buf),
                            "2026-12-01 13:00 CST");
        assert_int_equal(clock_parse_iso("2026-07-01T19:00:00Z", &t), KIOSK_OK);
        assert_string_equal(tz_format_local(TZ_DEFAULT, t, buf, sizeof buf),
                            "2026-07-01 14:00 CDT");
    }
    unsetenv("TZ");
    tzset();
    assert_true(tz_valid("America/Chicago"));
    assert_false(tz_valid("Mars/Olympus_Mons"));
    assert_false(tz_valid("CST"));
    assert_false(tz_valid(""));
    char msg[256];
    assert_int_equal(
        store_setting_set(f->st, &f->admin, "timezone", "Mars/Olympus_Mons", msg, sizeof msg),
        KIOSK_ERR_INVALID);
    /* a passport expiring 2026-12-01: valid at 20:00 CST on the 1st, expired
     * at 01:00 CST on the 2nd */
    struct intake_input in;
    memset(&in, 0, sizeof in);
    strcpy(in.booking_number, "P5-EXP1");
    strcpy(in.charges[0], "5404");
    in.basis = INTAKE_EXEMPT_ID;
    in.manual = true;
    strcpy(in.manual_document.kind, "us_passport");
    strcpy(in.manual_document.issuer, "US");
    strcpy(in.manual_document.number, "X1234567");
    strcpy(in.manual_document.expires, "2026-12-01");
    in.manual_document.attested = true;
    strcpy(in.nationality[0], "US");
    setenv("TZ", "UTC", 1);
    tzset();
    assert_int_equal(clock_parse_iso("2026-12-02T02:00:00Z", &f->now), KIOSK_OK);
    struct iaq_problems p;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_OK);
    strcpy(in.booking_number, "P5-EXP2");
    assert_int_equal(clock_parse_iso("2026-12-02T07:00:00Z", &f->now), KIOSK_OK);
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "document_expires"));
    /* another zone setting moves "today" */
    assert_int_equal(
        store_setting_set(f->st, &f->admin, "timezone", "Pacific/Honolulu", msg, sizeof msg),
        KIOSK_OK);
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_OK);
    unsetenv("TZ");
    tzset();
}

/* §6: one intake per booking number; retries; supersession; search. */
static void test_booking_numbers(void **state)
{
    struct fixture *f = *state;
    struct intake_input in;
    iaq_input(&in, "P6-2026-1");
    strcpy(in.charges[1], "1313");
    int64_t rid1, rid2;
    int64_t first = add(f, &f->deputy, &in, &rid1);
    f->now += KIOSK_MS_PER_MIN;
    int64_t again = add(f, &f->deputy, &in, &rid2); /* a retry */
    assert_int_equal(again, first);
    assert_int_equal(rid2, rid1);
    struct intake_hit *hits;
    size_t n;
    assert_int_equal(intake_find(f->st, &f->deputy, "P6-2026-1", NULL, &hits, &n), KIOSK_OK);
    assert_int_equal(n, 1);
    free(hits);
    /* different details under the same number */
    strcpy(in.iaq.first_name, "Robin");
    struct iaq_problems p;
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(strstr(problem(&p, "booking_number"), "supervisor"));
    strcpy(in.supersede_reason, "first name misread");
    assert_int_equal(intake_add(f->st, &f->deputy, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "supersede"));
    int64_t rid3;
    int64_t second = add(f, &f->supervisor, &in, &rid3);
    assert_true(second != first);
    struct intake_summary s;
    assert_int_equal(intake_get(f->st, &f->supervisor, first, &s), KIOSK_OK);
    assert_int_equal(s.superseded_by, second);
    assert_string_equal(s.supersede_reason, "first name misread");
    struct request_detail d;
    assert_int_equal(request_get(f->st, &f->supervisor, rid1, &d), KIOSK_OK);
    assert_int_equal(d.row.state, REQUEST_CANCELLED);
    request_detail_finish(&d);
    /* nothing to supersede under a new number */
    iaq_input(&in, "P6-NEW");
    strcpy(in.supersede_reason, "x");
    assert_int_equal(intake_add(f->st, &f->supervisor, &in, &p, NULL, NULL), KIOSK_ERR_INVALID);
    assert_non_null(problem(&p, "supersede"));
    /* search by booking number and name (transliterated) */
    assert_int_equal(intake_find(f->st, &f->deputy, "P6-2026-1", NULL, &hits, &n), KIOSK_OK);
    assert_int_equal(n, 2);
    assert_int_equal(hits[0].id, second);
    assert_int_equal(hits[1].superseded_by, second);
    free(hits);
    assert_int_equal(intake_find(f->st, &f->deputy, "P6-2026-1", "robin", &hits, &n), KIOSK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].ncic_name, "ROE,ROBIN");
    free(hits);
    assert_int_equal(intake_find(f->st, &f->deputy, "P6-2026-1", "Róbin", &hits, &n), KIOSK_OK);
    assert_int_equal(n, 1); /* accents transliterate like the NCIC name */
    free(hits);
    assert_int_equal(intake_find(f->st, &f->deputy, "P6-2026-1", "Rowan", &hits, &n), KIOSK_OK);
    assert_int_equal(n, 1); /* history: the superseded intake is found too, marked */
    assert_int_equal(hits[0].id, first);
    assert_int_equal(hits[0].superseded_by, second);
    free(hits);
    assert_int_equal(intake_find(f->st, &f->deputy, "P6-2026-1", "Smith", &hits, &n), KIOSK_OK);
    assert_int_equal(n, 0);
    free(hits);
    assert_int_equal(intake_find(f->st, &f->auditor, "P6-2026-1", NULL, &hits, &n), KIOSK_ERR_PERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_foreign_issuer_and_636027, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nationality_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_most_serious_charge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ori_phone_nlets_b4, setup, teardown),
        cmocka_unit_test_setup_teardown(test_after_ice_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_consular_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timezone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_booking_numbers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
