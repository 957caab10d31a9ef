/* The booking-file slip (what was decided for one intake, on what basis,
 * by whom and when, the IAQ as sent and ICE's answer, the consular steps
 * and the timeline) and the consular notification form, from the record
 * object of records.h. A purged record prints its proof and says so. */
#include "core/kiosk_err.h"
#include "print/print_page.h"
#include "core/tz.h"

#include <stdio.h>
#include <string.h>

static const char *basis_words(const char *basis, const json_t *doc)
{
    if (!strcmp(basis, "exempt_id"))
        return !strcmp(rec_str(doc, "source"), "manual")
                   ? "Exempt: valid government ID (entered by hand, attested)"
                   : "Exempt: valid government ID (barcode scanned)";
    if (!strcmp(basis, "exempt_known"))
        return "Exempt: status personally known to the member";
    if (!strcmp(basis, "iaq"))
        return "ICE immigration alien query (IAQ) sent";
    return basis;
}

static void footer_text(const struct print_agency *ag, const char *what, char *buf, size_t len)
{
    char when[32];
    page_local_time(ag->zone, ag->printed_at, when, sizeof when);
    snprintf(buf, len, "%s \xc2\xb7 printed %s by %s \xc2\xb7 kiosk %s \xc2\xb7 ORI %s", what, when,
             ag->printed_by && ag->printed_by[0] ? ag->printed_by : "local admin",
             ag->kiosk ? ag->kiosk : "", ag->ori && ag->ori[0] ? ag->ori : "not set");
}

static void slip_intake(struct page *pg, const json_t *in, const json_t *req)
{
    const json_t *doc = json_object_get(in, "id_document");
    char line[512], t[32];
    page_text(pg, PAGE_M, PF_BOLD, 20, rec_str(in, "booking_number"));
    pg->y += 26;
    snprintf(line, sizeof line, "Intake %lld \xc2\xb7 %s",
             (long long)json_integer_value(json_object_get(in, "id")),
             basis_words(rec_str(in, "basis"), doc));
    page_line(pg, PAGE_M, PF_BOLD, 11, line);
    if (json_is_true(json_object_get(in, "purged"))) {
        snprintf(line, sizeof line,
                 "Personal data purged on %s under the retention rule; the proof below is kept.",
                 rec_time(pg->zone, in, "purged_at", t, sizeof t));
        page_line(pg, PAGE_M, PF_BOLD, 9.5, line);
    }
    pg->y += 4;
    page_field(pg, PAGE_M, 120, "Booked", rec_time(pg->zone, in, "created", t, sizeof t));
    page_field(pg, PAGE_M, 120, "Deputy", rec_str(in, "deputy"));
    if (rec_str(in, "cosigner")[0])
        page_field(pg, PAGE_M, 120, "Co-signed by", rec_str(in, "cosigner"));
    line[0] = '\0';
    json_t *ch = json_object_get(in, "charges"), *v;
    size_t i;
    json_array_foreach(ch, i, v)
    {
        size_t l = strlen(line);
        snprintf(line + l, sizeof line - l, "%s%s", i ? ", " : "", json_string_value(v));
    }
    page_field(pg, PAGE_M, 120, "Charges (NCIC)", line);
    page_field(pg, PAGE_M, 120, "Nationality", rec_str(in, "nationality"));
    if (json_is_object(doc)) {
        page_heading(pg, "Identity document");
        page_field(pg, PAGE_M, 120, "Kind", rec_str(doc, "kind"));
        page_field(pg, PAGE_M, 120, "Issuer", rec_str(doc, "issuer"));
        page_field(pg, PAGE_M, 120, "Number, last 4", rec_str(doc, "number_last4"));
        page_field(pg, PAGE_M, 120, "Expires", rec_str(doc, "expires"));
        page_field(pg, PAGE_M, 120, "Source", rec_str(doc, "source"));
        if (rec_str(doc, "attested_by")[0])
            page_field(pg, PAGE_M, 120, "Attested by", rec_str(doc, "attested_by"));
    }
    if (!strcmp(rec_str(in, "basis"), "exempt_known")) {
        page_heading(pg, "Personal knowledge");
        page_field(pg, PAGE_M, 120, "Reason", rec_str(in, "known_reason"));
    }
    if (!json_is_object(req))
        return;
    page_heading(pg, "ICE status query (IAQ) as sent");
    const json_t *iaq = json_object_get(req, "iaq");
    static const struct {
        const char *key, *label;
    } fields[] = {
        {"family_name", "Family name"},
        {"first_name", "First name"},
        {"middle_names", "Middle names"},
        {"suffix", "Suffix"},
        {"dob", "Date of birth"},
        {"sex", "Sex"},
        {"pob", "Place of birth"},
        {"offense", "Offense"},
        {"mother_maiden_name", "Mother's maiden name"},
        {"father_last_name", "Father's last name"},
        {"licence_number", "Licence number"},
        {"arn", "A-number"},
        {"fbi", "FBI number"},
        {"sid", "State ID"},
    };
    if (json_object_size(iaq) == 0)
        page_line(pg, PAGE_M, PF_REGULAR, 9.5, "(the fields were purged)");
    for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
        if (rec_str(iaq, fields[k].key)[0])
            page_field(pg, PAGE_M, 120, fields[k].label, rec_str(iaq, fields[k].key));
    json_t *nat = json_object_get(json_object_get(iaq, "nationality"), "value");
    if (json_is_array(nat) && json_array_size(nat)) {
        line[0] = '\0';
        json_array_foreach(nat, i, v)
        {
            size_t l = strlen(line);
            snprintf(line + l, sizeof line - l, "%s%s", i ? ", " : "", json_string_value(v));
        }
        page_field(pg, PAGE_M, 120, "Nationality", line);
    }
    pg->y += 4;
    snprintf(line, sizeof line, "%lld", (long long)json_integer_value(json_object_get(req, "id")));
    page_field(pg, PAGE_M, 120, "Request number", line);
    page_field(pg, PAGE_M, 120, "State", rec_str(req, "state"));
    page_field(pg, PAGE_M, 120, "Queued", rec_time(pg->zone, req, "queued", t, sizeof t));
    page_field(pg, PAGE_M, 120, "First sent",
               rec_time(pg->zone, req, "first_transmitted", t, sizeof t));
    page_field(pg, PAGE_M, 120, "MULES reference", rec_str(req, "mules_ref"));
    page_field(pg, PAGE_M, 120, "Answered", rec_time(pg->zone, req, "responded", t, sizeof t));
    page_field(pg, PAGE_M, 120, "Disposition", rec_str(req, "disposition"));
    page_field(pg, PAGE_M, 120, "Acknowledged", rec_time(pg->zone, req, "closed", t, sizeof t));
    if (rec_str(req, "cancelled")[0])
        page_field(pg, PAGE_M, 120, "Cancelled", rec_time(pg->zone, req, "cancelled", t, sizeof t));
    if (rec_str(req, "response_text")[0]) {
        page_need(pg, 40);
        page_text(pg, PAGE_M, PF_BOLD, 9.5, "ICE answer (IAR), verbatim");
        pg->y += 14;
        page_line(pg, PAGE_M + 8, PF_MONO, 8.5, rec_str(req, "response_text"));
    }
}

/* "time by badge" of keys at and by in o, or "" when at is absent. */
static const char *when_by(const struct page *pg, const json_t *o, const char *at, const char *by,
                           char *buf, size_t len)
{
    char t[TZ_LOCAL_LEN];
    rec_time(pg->zone, o, at, t, sizeof t);
    snprintf(buf, len, "%s%s%s", t, t[0] && rec_str(o, by)[0] ? " by " : "",
             t[0] ? rec_str(o, by) : "");
    return buf;
}

static void slip_consular(struct page *pg, const json_t *co)
{
    if (!json_is_object(co))
        return;
    char t[32];
    page_heading(pg, "Consular notification (VCCR Art. 36)");
    page_field(pg, PAGE_M, 120, "Nationality", rec_str(co, "nationality"));
    page_field(pg, PAGE_M, 120, "Mandatory list",
               json_is_true(json_object_get(co, "mandatory")) ? "yes: notify the consulate"
                                                              : "no: inform of the right");
    char who[96];
    snprintf(who, sizeof who, "%s%s%s", rec_time(pg->zone, co, "informed", t, sizeof t),
             rec_str(co, "informed_by")[0] ? " by " : "", rec_str(co, "informed_by"));
    page_field(pg, PAGE_M, 120, "Informed", who[0] ? who : "not recorded");
    snprintf(who, sizeof who, "%s%s%s", rec_time(pg->zone, co, "notified", t, sizeof t),
             rec_str(co, "notified_by")[0] ? " by " : "", rec_str(co, "notified_by"));
    page_field(pg, PAGE_M, 120, "Consulate notified", who[0] ? who : "not recorded");
    if (rec_str(co, "wish")[0]) {
        char w[160];
        snprintf(w, sizeof w, "%s %s", rec_str(co, "wish"),
                 when_by(pg, co, "wish_at", "wish_by", who, sizeof who));
        page_field(pg, PAGE_M, 120, "Notification wish", w);
    }
    page_field(pg, PAGE_M, 120, "Consulate", rec_str(co, "consulate"));
    page_field(pg, PAGE_M, 120, "Method", rec_str(co, "method"));
}

/* Issue 10's steps after (or instead of) ICE's answer: the RSMo 544.472
 * DHS notification, release before an answer, the detainer record. */
static void slip_after(struct page *pg, const json_t *req)
{
    const json_t *dhs = json_object_get(req, "dhs_notification"),
                 *det = json_object_get(req, "detainer");
    bool released = rec_str(req, "released")[0] != '\0';
    if (!json_is_object(dhs) && !json_is_object(det) && !released)
        return;
    char t[TZ_LOCAL_LEN], who[128];
    page_heading(pg, "After ICE's answer");
    if (json_is_object(dhs)) {
        page_field(pg, PAGE_M, 120, "DHS notice due", rec_time(pg->zone, dhs, "due", t, sizeof t));
        when_by(pg, dhs, "done", "by", who, sizeof who);
        page_field(pg, PAGE_M, 120, "DHS notified",
                   who[0] ? who : "NOT RECORDED (RSMo 544.472: DHS shall be notified)");
        page_field(pg, PAGE_M, 120, "DHS method", rec_str(dhs, "method"));
        if (rec_str(dhs, "note")[0])
            page_field(pg, PAGE_M, 120, "DHS note", rec_str(dhs, "note"));
    }
    if (released) {
        page_field(pg, PAGE_M, 120, "Released before answer",
                   when_by(pg, req, "released", "released_by", who, sizeof who));
        if (rec_str(req, "release_note")[0])
            page_field(pg, PAGE_M, 120, "Release note", rec_str(req, "release_note"));
    }
    if (json_is_object(det)) {
        page_field(pg, PAGE_M, 120, "Detainer opened",
                   rec_time(pg->zone, det, "opened", t, sizeof t));
        when_by(pg, det, "received", "recorded_by", who, sizeof who);
        page_field(pg, PAGE_M, 120, "Detainer received", who[0] ? who : "awaiting receipt");
        page_field(pg, PAGE_M, 120, "Issuing office", rec_str(det, "issuing_office"));
        page_field(pg, PAGE_M, 120, "Detainer form", rec_str(det, "form"));
        page_field(pg, PAGE_M, 120, "Notify ICE on release",
                   json_is_true(json_object_get(det, "notify_release")) ? "yes" : "no");
    }
}

static void slip_timeline(struct page *pg, const json_t *tl)
{
    page_heading(pg, "Timeline");
    size_t i;
    json_t *e;
    json_array_foreach(tl, i, e)
    {
        char t[32], line[400];
        snprintf(line, sizeof line, "%s  %-22s %s%s%s", rec_time(pg->zone, e, "at", t, sizeof t),
                 rec_str(e, "what"), rec_str(e, "actor"), rec_str(e, "details")[0] ? "  " : "",
                 rec_str(e, "details"));
        page_line(pg, PAGE_M, PF_MONO, 8, line);
    }
}

int print_slip_pdf(const json_t *record, const struct print_agency *ag, const char *fonts_dir,
                   const char *path, char *msg, size_t msg_len)
{
    const json_t *in = json_object_get(record, "intake");
    if (!json_is_object(in)) {
        if (msg && msg_len)
            snprintf(msg, msg_len, "the record has no intake");
        return KIOSK_ERR_INVALID;
    }
    char footer[256];
    footer_text(ag, "Booking file slip", footer, sizeof footer);
    struct page pg;
    int rc = page_open(&pg, path, fonts_dir, footer, msg, msg_len);
    if (rc != KIOSK_OK)
        return rc;
    pg.zone = ag->zone;
    page_text(&pg, PAGE_M, PF_BOLD, 10, "BOOKING FILE \xe2\x80\x94 IMMIGRATION STATUS CHECK");
    pg.y += 16;
    page_rule(&pg);
    pg.y += 8;
    slip_intake(&pg, in, json_object_get(record, "request"));
    slip_after(&pg, json_object_get(record, "request"));
    slip_consular(&pg, json_object_get(record, "consular"));
    const json_t *hold = json_object_get(record, "legal_hold");
    if (json_is_object(hold)) {
        char t[32], line[320];
        snprintf(line, sizeof line, "since %s by %s: %s",
                 rec_time(pg.zone, hold, "held_at", t, sizeof t), rec_str(hold, "held_by"),
                 rec_str(hold, "reason"));
        page_heading(&pg, "Legal hold");
        page_line(&pg, PAGE_M, PF_REGULAR, 9.5, line);
    }
    slip_timeline(&pg, json_object_get(record, "timeline"));
    return page_close(&pg, path, msg, msg_len);
}

/* A form row: label, then the value on a ruled line (blank to fill in). */
static void form_row(struct page *pg, const char *label, const char *value)
{
    page_need(pg, 30);
    page_text(pg, PAGE_M, PF_BOLD, 10, label);
    page_text(pg, PAGE_M + 190, PF_REGULAR, 11, value ? value : "");
    pg->y += 16;
    cairo_set_line_width(pg->cr, 0.5);
    cairo_move_to(pg->cr, PAGE_M + 185, pg->y);
    cairo_line_to(pg->cr, PAGE_W - PAGE_M, pg->y);
    cairo_stroke(pg->cr);
    pg->y += 10;
}

int print_consular_pdf(const json_t *record, const struct print_agency *ag, const char *fonts_dir,
                       const char *path, char *msg, size_t msg_len)
{
    const json_t *in = json_object_get(record, "intake"), *co = json_object_get(record, "consular"),
                 *iaq = json_object_get(json_object_get(record, "request"), "iaq");
    if (!json_is_object(in) || !json_is_object(co)) {
        if (msg && msg_len)
            snprintf(msg, msg_len, "this intake has no consular record (no foreign nationality)");
        return json_is_object(in) ? KIOSK_ERR_STATE : KIOSK_ERR_INVALID;
    }
    char footer[256];
    footer_text(ag, "Consular notification", footer, sizeof footer);
    struct page pg;
    int rc = page_open(&pg, path, fonts_dir, footer, msg, msg_len);
    if (rc != KIOSK_OK)
        return rc;
    pg.zone = ag->zone;
    page_text(&pg, PAGE_M, PF_BOLD, 16, "CONSULAR NOTIFICATION");
    pg.y += 22;
    page_line(&pg, PAGE_M, PF_REGULAR, 9.5,
              "Notification of arrest or detention of a foreign national (Vienna Convention on "
              "Consular Relations, Art. 36). Fax sheet after the State Department's Consular "
              "Notification and Access manual.");
    pg.y += 6;
    page_rule(&pg);
    pg.y += 10;
    char name[200] = "", t[32];
    if (rec_str(iaq, "family_name")[0])
        snprintf(name, sizeof name, "%s, %s %s", rec_str(iaq, "family_name"),
                 rec_str(iaq, "first_name"), rec_str(iaq, "middle_names"));
    form_row(&pg, "To: consulate of", rec_str(co, "consulate"));
    form_row(&pg, "Fax / phone of the consulate", "");
    form_row(&pg, "Nationality (NCIC)", rec_str(co, "nationality"));
    form_row(&pg, "Name of the national", name);
    form_row(&pg, "Date of birth", rec_str(iaq, "dob"));
    form_row(&pg, "Place of birth", rec_str(iaq, "pob"));
    form_row(&pg, "Passport number", "");
    form_row(&pg, "Date and time of arrest", rec_time(pg.zone, in, "created", t, sizeof t));
    form_row(&pg, "Booking number", rec_str(in, "booking_number"));
    form_row(&pg, "Place of detention", "");
    form_row(&pg, "Mandatory notification",
             json_is_true(json_object_get(co, "mandatory")) ? "yes, regardless of the national's "
                                                              "wishes"
                                                            : "no: only at the national's request");
    form_row(&pg, "National informed of the right", rec_time(pg.zone, co, "informed", t, sizeof t));
    pg.y += 6;
    page_heading(&pg, "Agency contact");
    form_row(&pg, "Agency ORI", ag->ori);
    form_row(&pg, "Phone", ag->phone);
    form_row(&pg, "Officer (badge)", ag->printed_by);
    form_row(&pg, "Signature", "");
    pg.y += 6;
    page_line(&pg, PAGE_M, PF_REGULAR, 8.5,
              "Please contact the agency above with any questions about this national. Record "
              "the notification (time, method, consulate) in the kiosk once it has been sent.");
    return page_close(&pg, path, msg, msg_len);
}
