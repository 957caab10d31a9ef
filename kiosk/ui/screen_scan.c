/* "Scan the back of the ID": waits for a licence barcode from any configured
 * scanner (or the demo tray), then hands the bytes to the core's AAMVA
 * parser and ID check and shows the result. The raw payload is never kept
 * or logged. */
#include "ui/app.h"

#include "core/severity.h"
#include "core/tz.h"

#include "core/aamva.h"
#include "core/aamva_json.h"
#include "core/idcheck.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The verdict banner's words for a reason code; a code this screen does
 * not know (a rule added to the core later) still reads as not valid. The
 * core's own sentence for each reason is shown under the banner. */
static const char *reason_words(int code)
{
    switch (code) {
    case IDCHECK_UNSUPPORTED_FORMAT:
        return "NOT A LICENCE BARCODE";
    case IDCHECK_UNKNOWN_ISSUER:
        return "UNKNOWN ISSUER";
    case IDCHECK_MISSING_DATA:
        return "DATA MISSING";
    case IDCHECK_IMPOSSIBLE_DATE:
        return "IMPOSSIBLE DATE";
    case IDCHECK_NOT_YET_ISSUED:
        return "NOT YET ISSUED";
    case IDCHECK_IMPLAUSIBLE_AGE:
        return "IMPLAUSIBLE AGE";
    case IDCHECK_NOT_REAL_ID:
        return "NOT REAL ID";
    case IDCHECK_FOREIGN_ISSUER:
        return "FOREIGN LICENCE, NOT A US ID";
    case IDCHECK_LIMITED_DURATION:
        return "LIMITED DURATION";
    default:
        return "NOT VALID FOR THE EXEMPTION";
    }
}

/* A parser repair in words for the small print (the identifiers are for
 * `kioskctl id parse`, not for people). */
static const char *repair_words(unsigned bit)
{
    switch (bit) {
    case AAMVA_REPAIR_BOM_REMOVED:
        return "a byte-order mark removed";
    case AAMVA_REPAIR_LEADING_JUNK:
        return "extra bytes before the data skipped";
    case AAMVA_REPAIR_HEADER_JUNK:
        return "extra bytes in the header skipped";
    case AAMVA_REPAIR_RS_AS_6:
    case AAMVA_REPAIR_RS_AS_UUML:
        return "a scanner-garbled separator read as one";
    case AAMVA_REPAIR_CR_AS_M:
    case AAMVA_REPAIR_CR_AS_LF:
    case AAMVA_REPAIR_CRLF:
        return "line endings the scanner changed";
    case AAMVA_REPAIR_PIPE_SEPARATORS:
        return "separators sent as |";
    case AAMVA_REPAIR_C1_NOISE:
        return "stray control bytes removed";
    case AAMVA_REPAIR_CONTROL_DROPPED:
        return "separators the scanner dropped in the header";
    case AAMVA_REPAIR_SEPARATORS_STRIPPED:
        return "fields split without separators";
    default:
        return "another repair";
    }
}

static void fill_display(struct intake_flow *f, const struct aamva_doc *doc,
                         const struct idcheck_verdict *v)
{
    snprintf(f->doc_name, sizeof f->doc_name, "%s, %s %s %s", doc->family_name, doc->first_name,
             doc->middle_names, doc->suffix);
    char iso[16];
    snprintf(f->doc_dob, sizeof f->doc_dob, "%s",
             aamva_date_iso(&doc->dob, iso) ? iso : "not readable");
    snprintf(f->doc_expiry, sizeof f->doc_expiry, "%s",
             aamva_date_iso(&doc->expires, iso) ? iso : "not readable");
    bool mapped = false;
    const char *sx = iaq_sex_code(doc->sex_raw, &mapped);
    if (sx && mapped)
        snprintf(f->doc_sex, sizeof f->doc_sex, "%s (licence %s)", sx, doc->sex_raw);
    else
        snprintf(f->doc_sex, sizeof f->doc_sex, "%s", sx ? sx : doc->sex ? "?" : "not given");
    if (doc->issuer)
        snprintf(f->doc_issuer, sizeof f->doc_issuer, "%s, %s (%s)", doc->issuer->name,
                 doc->issuer->country, doc->document_type[0] ? doc->document_type : "card");
    else
        snprintf(f->doc_issuer, sizeof f->doc_issuer, "unknown issuer %s", doc->iin);
    size_t n = strlen(doc->document_number);
    snprintf(f->doc_number, sizeof f->doc_number,
             "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 %.4s",
             n >= 4 ? doc->document_number + n - 4 : doc->document_number);
    f->repairs[0] = 0;
    for (int b = 0; b < AAMVA_REPAIR_COUNT; b++) {
        if (!(doc->repairs & (1u << b)))
            continue;
        const char *w = repair_words(1u << b);
        if (strstr(f->repairs, w))
            continue; /* one mention per kind */
        size_t len = strlen(f->repairs);
        snprintf(f->repairs + len, sizeof f->repairs - len, "%s%s", len ? ", " : "", w);
    }
    /* The screen follows the core's verdict, never its own idea of it. */
    f->doc_valid = v->valid;
    if (v->valid) {
        snprintf(f->verdict, sizeof f->verdict, "VALID GOVERNMENT ID");
    } else {
        f->verdict[0] = 0;
        for (int i = 0; i < v->count; i++) {
            size_t len = strlen(f->verdict);
            if (v->reasons[i].code == IDCHECK_EXPIRED)
                snprintf(f->verdict + len, sizeof f->verdict - len, "%sEXPIRED %s",
                         len ? " \xc2\xb7 " : "", f->doc_expiry);
            else
                snprintf(f->verdict + len, sizeof f->verdict - len, "%s%s", len ? " \xc2\xb7 " : "",
                         reason_words(v->reasons[i].code));
        }
        if (!f->verdict[0])
            snprintf(f->verdict, sizeof f->verdict, "NOT A VALID ID");
    }
    /* Reasons in words for the small print. */
    f->message[0] = 0;
    for (int i = 0; i < v->count; i++) {
        size_t len = strlen(f->message);
        snprintf(f->message + len, sizeof f->message - len, "%s%s", len ? " " : "",
                 v->reasons[i].message);
    }
}

static void prefill_iaq(struct intake_flow *f, const struct aamva_doc *doc)
{
    struct iaq_fields *q = &f->iaq;
    memset(q, 0, sizeof *q);
    ui_strlcpy(q->family_name, doc->family_name, sizeof q->family_name);
    ui_strlcpy(q->first_name, doc->first_name, sizeof q->first_name);
    ui_strlcpy(q->middle_names, doc->middle_names, sizeof q->middle_names);
    ui_strlcpy(q->suffix, doc->suffix, sizeof q->suffix);
    char iso[16];
    if (aamva_date_iso(&doc->dob, iso))
        snprintf(q->dob, sizeof q->dob, "%s", iso);
    bool mapped;
    const char *sx = iaq_sex_code(doc->sex_raw, &mapped);
    snprintf(q->sex, sizeof q->sex, "%s", sx ? sx : "");
    ui_strlcpy(q->licence_number, doc->document_number, sizeof q->licence_number);
    /* OFF/: the most serious charge (issue 10), which the deputy may change */
    int best = severity_most_serious((const char(*)[8])f->charges, f->ncharges);
    snprintf(q->offense, sizeof q->offense, "%s", f->charges[best >= 0 ? best : 0]);
}

bool screen_scan_licence(struct app *a, const struct scan_event *ev)
{
    struct intake_flow *f = &a->flow;
    struct aamva_doc doc;
    int rc = aamva_parse(ev->data, ev->length, &doc);
    json_decref(f->doc);
    f->doc = NULL;
    f->notice[0] = 0;
    f->ask_nationality = false;
    f->have_doc = false;
    f->doc_valid = false;
    if (rc != 0) {
        snprintf(f->verdict, sizeof f->verdict, "NOT READ");
        snprintf(f->message, sizeof f->message, "%s",
                 doc.refusal_message[0] ? doc.refusal_message
                                        : "The barcode is not a licence or ID card.");
        memset(&f->iaq, 0, sizeof f->iaq);
        /* OFF/: the most serious charge (issue 10) */
        int best = severity_most_serious((const char(*)[8])f->charges, f->ncharges);
        snprintf(f->iaq.offense, sizeof f->iaq.offense, "%s", f->charges[best >= 0 ? best : 0]);
    } else {
        /* The booking date is today in the kiosk's time zone (issue 10). */
        int by = 1970, bm = 1, bd = 1;
        tz_store_local_date(a->st, app_now(a), &by, &bm, &bd);
        struct idcheck_verdict v;
        idcheck_evaluate(&doc, by, bm, bd, NULL, &v);
        snprintf(f->notice, sizeof f->notice, "%s", v.notice);
        f->ask_nationality = v.ask_nationality;
        f->doc = aamva_doc_to_json(&doc, &v);
        f->have_doc = true;
        fill_display(f, &doc, &v);
        prefill_iaq(f, &doc);
    }
    sodium_memzero(&doc, sizeof doc); /* no personal data left on the stack */
    enum screen_id top = app_top(a);
    if (top == SCREEN_IDRESULT)
        app_invalidate(a);
    else
        app_push(a, SCREEN_IDRESULT);
    return true;
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect tray = {0};
    if (a->opts.demo)
        tray = ui_cut_bottom(&body, app_demo_tray_h(c));
    ui_fill(c, body, t->panel);
    const char *h1 = "Scan the back of the ID now";
    int y = body.y + body.h / 4;
    ui_text(c, body.x + (body.w - ui_text_w(c, UI_FONT_HUGE, h1)) / 2, y, UI_FONT_HUGE, t->text,
            h1);
    y += ui_font_h(c, UI_FONT_HUGE) + pad * 2;
    const char *h2 = "Hold the barcode (the wide stripe pattern) under the scanner.";
    ui_text(c, body.x + (body.w - ui_text_w(c, UI_FONT_BODY, h2)) / 2, y, UI_FONT_BODY, t->text_dim,
            h2);
    /* A barcode-like drawing. */
    int bw = ui_px(c, 360), bh = ui_px(c, 90);
    int bx = body.x + (body.w - bw) / 2, by = y + ui_font_h(c, UI_FONT_BODY) + pad * 3;
    ui_frame(c, ui_rect(bx - pad, by - pad, bw + 2 * pad, bh + 2 * pad), t->border, 2);
    for (int i = 0; i < 40; i++)
        if ((i * 7) % 3 != 0)
            ui_fill(c, ui_rect(bx + i * bw / 40, by, bw / 80 + (i % 2) * 2, bh), t->text);
    struct ui_rect b = ui_rect(body.x + pad, body.y + body.h - theme_primary_h(c) - pad,
                               ui_px(c, 420), theme_primary_h(c));
    if (w_button(c, b, "No barcode? Go back", W_NORMAL))
        app_pop(a);
    if (a->opts.demo)
        app_draw_scan_tray(a, tray);
}

const struct screen screen_scan = {
    .title = "Scan the ID",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .frame = frame,
    .scan = screen_scan_licence,
};
