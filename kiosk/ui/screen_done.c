/* The end of an intake: app_intake_submit() hands the flow to the core
 * (intake_add, which validates, writes and audits in one transaction), and
 * this screen confirms what was recorded: the exemption, or the queued
 * request with its number and clocks, and the consular step when needed. */
#include "ui/app.h"

#include "core/kiosk_err.h"

#include <stdio.h>
#include <string.h>

void app_intake_submit(struct app *a, enum intake_basis basis)
{
    struct intake_flow *f = &a->flow;
    struct intake_input in;
    memset(&in, 0, sizeof in);
    snprintf(in.booking_number, sizeof in.booking_number, "%s", f->booking);
    for (int i = 0; i < f->ncharges && i < INTAKE_CHARGES_MAX; i++)
        memcpy(in.charges[i], f->charges[i], sizeof in.charges[i]);
    in.basis = basis;
    /* The ID-without-barcode screen records a hand-entered document. */
    bool manual = basis == INTAKE_EXEMPT_ID && app_top(a) == SCREEN_MANUALID;
    if (manual) {
        in.manual = true;
        struct intake_manual_doc *m = &in.manual_document;
        snprintf(m->kind, sizeof m->kind, "%s", f->manual_kind);
        snprintf(m->issuer, sizeof m->issuer, "%s", f->manual_issuer);
        snprintf(m->number, sizeof m->number, "%s", f->manual_number);
        snprintf(m->expires, sizeof m->expires, "%s", f->manual_expiry);
        m->attested = f->manual_attest;
    } else if (basis == INTAKE_EXEMPT_ID) {
        in.id_document = f->doc;
    }
    if (basis == INTAKE_EXEMPT_KNOWN) {
        snprintf(in.known_reason, sizeof in.known_reason, "%s", f->known_reason);
        in.cosigner = a->cosigner.user_id ? &a->cosigner : NULL;
    }
    if (basis == INTAKE_IAQ) {
        in.iaq = f->iaq;
        /* issue 10: the booking (confinement) time, when not now */
        snprintf(in.booked_at, sizeof in.booked_at, "%s", f->booked_at);
        char *sp = strchr(in.booked_at, ' ');
        if (sp)
            *sp = 'T';
    } else { /* the nationality step of the exemption paths */
        memcpy(in.nationality, f->iaq.nationality, sizeof in.nationality);
        in.nationality_not_known = f->nationality_not_known && !f->iaq.nationality[0][0];
        /* issue 10: asked on every exemption path before it is recorded */
        if (!in.nationality[0][0] && !in.nationality_not_known) {
            f->pending_basis = basis;
            app_toast(a, THEME_WARN, "Ask the person's nationality first.");
            app_push(a, SCREEN_NATIONALITY);
            return;
        }
    }
    snprintf(in.supersede_reason, sizeof in.supersede_reason, "%s", f->supersede_reason);
    struct iaq_problems p;
    int rc = intake_add(a->st, &a->actor, &in, &p, &f->intake_id, &f->request_id);
    /* Every problem, for the screen to show beside its field. */
    f->problems = p;
    /* issue 10: a used booking number: check it, or a supervisor supersedes */
    if (rc != 0 && p.count == 1 && !strcmp(p.items[0].field, "booking_number") &&
        strstr(p.items[0].message, "already has intake")) {
        f->pending_basis = basis;
        app_push(a, SCREEN_SUPERSEDE);
        return;
    }
    if (rc != 0) {
        if (p.count > 0)
            app_toast(a, THEME_BAD, "Not recorded: %s", p.items[0].message);
        else
            app_toast(a, THEME_BAD, "Not recorded: %s.", kiosk_strerror(rc));
        return;
    }
    f->basis = basis;
    f->manual_recorded = manual;
    if (manual) /* the full number is not kept once recorded */
        memset(f->manual_number, 0, sizeof f->manual_number);
    f->consular_needed = false;
    struct consular_record cr;
    if (consular_get(a->st, &a->actor, f->intake_id, &cr) == 0)
        f->consular_needed = cr.status != CONSULAR_DONE;
    app_push(a, SCREEN_DONE);
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    char line[200];
    const char *head = f->basis == INTAKE_EXEMPT_ID && f->manual_recorded
                           ? "Exemption recorded: ID entered by hand"
                       : f->basis == INTAKE_EXEMPT_ID    ? "Exemption recorded: valid government ID"
                       : f->basis == INTAKE_EXEMPT_KNOWN ? "Exemption recorded: personally known"
                                                         : "ICE status check queued";
    w_status(c, body.x, body.y, UI_FONT_LARGE, f->basis == INTAKE_IAQ ? THEME_INFO : THEME_OK,
             head);
    ui_cut_top(&body, ui_font_h(c, UI_FONT_LARGE) + pad * 3);
    snprintf(line, sizeof line, "Booking %s \xc2\xb7 intake %lld", f->booking,
             (long long)f->intake_id);
    ui_text(c, body.x, body.y, UI_FONT_LARGE, t->text, line);
    ui_cut_top(&body, ui_font_h(c, UI_FONT_LARGE) + pad);
    if (f->basis == INTAKE_IAQ) {
        snprintf(line, sizeof line, "Request number %lld", (long long)f->request_id);
        ui_text(c, body.x, body.y, UI_FONT_HUGE, t->text, line);
        ui_cut_top(&body, ui_font_h(c, UI_FONT_HUGE) + pad);
        struct request_clocks k;
        kiosk_ms_t now = app_now(a);
        request_clocks_compute(&a->settings, REQUEST_QUEUED, now, now, 0, now, &k);
        char due[32], stat[32];
        app_format_time(now + (kiosk_ms_t)a->settings.queue_sla_min * KIOSK_MS_PER_MIN, true, due,
                        sizeof due);
        app_format_time(k.statutory_due, true, stat, sizeof stat);
        snprintf(line, sizeof line, "To be sent to MULES by %s (queue: %d min).", due,
                 a->settings.queue_sla_min);
        ui_text(c, body.x, body.y, UI_FONT_BODY, t->text, line);
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BODY) + pad / 2);
        snprintf(line, sizeof line,
                 "ICE answers normally within %d min of sending. RSMo 544.472 deadline: %s.",
                 a->settings.response_sla_min, stat);
        ui_text(c, body.x, body.y, UI_FONT_BODY, t->text, line);
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BODY) + pad / 2);
        ui_text(c, body.x, body.y, UI_FONT_BODY, t->text_dim,
                "The Communications Center sees it now. Follow it on the Status board.");
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BODY) + pad);
    }
    if (f->consular_needed) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_WARN,
                 "Foreign national: consular notification steps are due.");
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
    }
    int bh = theme_primary_h(c), bw = ui_px(c, 380);
    struct ui_rect b = ui_cut_top(&body, bh);
    int x = b.x;
    if (f->consular_needed) {
        if (w_button(c, ui_rect(x, b.y, bw, bh), "Consular notification", W_PRIMARY))
            app_push(a, SCREEN_CONSULAR);
        x += bw + pad;
    }
    if (w_button(c, ui_rect(x, b.y, bw, bh), "Status board",
                 f->consular_needed ? W_NORMAL : W_PRIMARY)) {
        app_go_home(a);
        app_push(a, SCREEN_BOARD);
    }
    x += bw + pad;
    if (w_button(c, ui_rect(x, b.y, bw, bh), "Next intake", W_NORMAL)) {
        app_go_home(a);
        app_push(a, SCREEN_INTAKE);
    }
    ui_cut_top(&body, pad);
    struct ui_rect pr = ui_cut_top(&body, theme_row_h(c));
    if (f->intake_id && w_button(c, ui_rect(pr.x, pr.y, bw, pr.h), "Print slip", W_NORMAL))
        app_print_slip(a, f->intake_id);
}

const struct screen screen_done = {
    .title = "Recorded",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .frame = frame,
};
