/* ID result: what the core read from the licence (name, DOB, sex, issuer,
 * number masked to its last 4, expiry), the verdict in large type with the
 * reasons, the parser's repairs in small type, and the one obvious next
 * step: confirm the photo (exemption, with the nationality for the consular
 * record) or continue to the ICE status check with the form already filled
 * from the card. The banner and the buttons follow the core's verdict only
 * (idcheck_evaluate); nationality is asked on both paths. "Photo does not
 * match" discards everything read from the card and records the mismatch
 * (no personal data) before the empty ICE status form opens. */
#include "ui/app.h"

#include "core/idmismatch.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>

static void row(struct ui_ctx *c, struct ui_rect *r, const char *label, const char *value)
{
    const struct theme *t = theme_get();
    int h = ui_font_h(c, UI_FONT_LARGE) + ui_px(c, 6);
    struct ui_rect line = ui_cut_top(r, h);
    ui_text(c, line.x, line.y + ui_px(c, 6), UI_FONT_BODY, t->text_dim, label);
    ui_text(c, line.x + ui_px(c, 170), line.y, UI_FONT_LARGE, t->text, value);
}

/* The person is not the one on the card: record it (core, audited, no
 * personal data), then forget every byte read from the card, including the
 * form prefilled from it and what was entered on this screen about them. */
static void photo_mismatch(struct app *a)
{
    struct intake_flow *f = &a->flow;
    int rc = idmismatch_record(a->st, &a->actor);
    if (rc != 0) {
        app_toast(a, THEME_BAD, "The mismatch could not be recorded (%s). Try again.",
                  kiosk_strerror(rc));
        return;
    }
    json_decref(f->doc);
    f->doc = NULL;
    f->have_doc = false;
    f->doc_valid = false;
    sodium_memzero(f->verdict, sizeof f->verdict);
    sodium_memzero(f->doc_name, sizeof f->doc_name);
    sodium_memzero(f->doc_dob, sizeof f->doc_dob);
    sodium_memzero(f->doc_sex, sizeof f->doc_sex);
    sodium_memzero(f->doc_issuer, sizeof f->doc_issuer);
    sodium_memzero(f->doc_number, sizeof f->doc_number);
    sodium_memzero(f->doc_expiry, sizeof f->doc_expiry);
    sodium_memzero(f->repairs, sizeof f->repairs);
    sodium_memzero(f->message, sizeof f->message);
    sodium_memzero(&f->iaq, sizeof f->iaq);
    sodium_memzero(&f->problems, sizeof f->problems);
    snprintf(f->iaq.offense, sizeof f->iaq.offense, "%s", f->charges[0]);
    f->editing = IAQ_F_FAMILY;
    f->photo_mismatch = true;
    snprintf(f->verdict, sizeof f->verdict, "PHOTO DID NOT MATCH \xe2\x80\x94 CARD DISCARDED");
    app_push(a, SCREEN_IAQ);
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect tray = {0};
    if (a->opts.demo)
        tray = ui_cut_bottom(&body, app_demo_tray_h(c));

    /* Verdict banner. */
    enum theme_status st = f->doc_valid ? THEME_OK : THEME_BAD;
    int vh = ui_font_h(c, UI_FONT_HUGE) + pad * 2;
    struct ui_rect v = ui_cut_top(&body, vh);
    ui_fill(c, v, theme_status_bg(st));
    const char *icon = theme_status_icon(st);
    ui_text(c, v.x + pad, v.y + pad, UI_FONT_HUGE, theme_status_fg(st), icon);
    ui_clip(c, v);
    ui_text(c, v.x + pad * 2 + ui_text_w(c, UI_FONT_HUGE, icon), v.y + pad, UI_FONT_HUGE,
            theme_status_fg(st), f->verdict);
    ui_unclip(c);
    ui_cut_top(&body, pad);
    if (f->notice[0]) { /* issue 10: IIN 636027, possible immunity */
        int used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_BODY) * 2),
                                UI_FONT_BODY, t->warn, f->notice);
        ui_cut_top(&body, used + pad);
    }
    if (f->message[0] && !f->doc_valid) {
        int used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_BODY) * 2),
                                UI_FONT_BODY, t->warn, f->message);
        ui_cut_top(&body, used + pad);
    }

    struct ui_rect actions = ui_cut_right(&body, body.w * 38 / 100);
    ui_cut_right(&body, pad);
    if (f->have_doc) {
        row(c, &body, "Name", f->doc_name);
        row(c, &body, "Date of birth", f->doc_dob);
        row(c, &body, "Sex", f->doc_sex);
        row(c, &body, "Issuer", f->doc_issuer);
        row(c, &body, "Number", f->doc_number);
        row(c, &body, "Expires", f->doc_expiry);
        ui_cut_top(&body, pad);
        /* Consular notification applies on both paths: ask nationality. */
        ui_cut_top(&body, app_nationality_row(a, body) + pad);
        if (f->repairs[0]) {
            char line[300];
            snprintf(line, sizeof line, "Barcode repairs made while reading: %s", f->repairs);
            w_label_wrap(c, body, UI_FONT_SMALL, t->text_dim, line);
        }
    }

    int bh = theme_primary_h(c);
    if (f->doc_valid) {
        ui_text(c, actions.x, actions.y, UI_FONT_BODY, t->text,
                "Compare the photo with the person.");
        ui_cut_top(&actions, ui_font_h(c, UI_FONT_BODY) + pad);
        if (w_button(c, ui_cut_top(&actions, bh + pad), "Photo matches the person", W_OK))
            app_intake_submit(a, INTAKE_EXEMPT_ID);
        ui_cut_top(&actions, pad);
        if (w_button(c, ui_cut_top(&actions, bh), "Photo does not match", W_NORMAL))
            photo_mismatch(a);
    } else {
        if (w_button(c, ui_cut_top(&actions, bh + pad), "Continue to ICE status check",
                     W_PRIMARY)) {
            app_push(a, SCREEN_IAQ);
            /* issue 10: a foreign licence hints at, never sets, a nationality:
             * the nationality step comes first */
            if (f->ask_nationality && !f->iaq.nationality[0][0])
                app_push(a, SCREEN_NATIONALITY);
        }
        ui_cut_top(&actions, pad);
        if (w_button(c, ui_cut_top(&actions, bh), "Scan again", W_NORMAL))
            app_pop(a);
    }
    if (a->opts.demo)
        app_draw_scan_tray(a, tray);
}

const struct screen screen_idresult = {
    .title = "ID result",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .frame = frame,
    .scan = screen_scan_licence,
};
