/* "After ICE's answer" (issue 10): the steps that follow an answer for one
 * request, each recorded by the core (request_after.h): the RSMo 544.472
 * notification of DHS when the answer is "unlawfully present" (due at once,
 * on the board until done), the detainer that was to follow, and release
 * before an answer (policy B.5: release is never delayed waiting for ICE).
 * Reached from the request detail; works on the detail it loaded. */
#include "ui/app.h"

#include "core/request_after.h"

#include <stdio.h>
#include <string.h>

/* This screen's entry state (one kiosk, one screen at a time). */
static struct {
    char method[16];
    char office[96];
    char form[24];
    char note[128];
} st_after;

static void enter(struct app *a)
{
    (void)a;
    memset(&st_after, 0, sizeof st_after);
    snprintf(st_after.form, sizeof st_after.form, "I-247A");
}

static void done(struct app *a, int rc, const char *msg, const char *ok)
{
    if (rc == 0) {
        app_toast(a, THEME_OK, "%s", ok);
        app_pop(a);
    } else {
        app_toast(a, THEME_BAD, "%s", msg[0] ? msg : "Not recorded.");
    }
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct board_state *b = &a->board;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    if (!b->have_detail) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_BAD, "This request could not be read.");
        return;
    }
    const struct request_row *r = &b->detail.row;
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    char msg[256] = "", line[200];
    int bh = theme_primary_h(c), rh = theme_row_h(c);
    snprintf(line, sizeof line, "Request %lld \xc2\xb7 booking %s", (long long)r->id,
             r->booking_number);
    ui_text(c, body.x, body.y, UI_FONT_LARGE, t->text, line);
    ui_cut_top(&body, ui_font_h(c, UI_FONT_LARGE) + pad);

    if (r->dhs_due && !r->dhs_done) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_WARN,
                 "ICE: unlawfully present. RSMo 544.472: notify DHS now.");
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
        struct ui_rect row = ui_cut_top(&body, rh);
        int x = row.x;
        const char *const *m = request_dhs_methods();
        for (int i = 0; m[i]; i++) {
            int w = ui_text_w(c, UI_FONT_BOLD, m[i]) + 3 * pad;
            if (w_button_n(c, ui_rect(x, row.y, w, row.h), m[i], 100 + i,
                           strcmp(st_after.method, m[i]) == 0 ? W_PRIMARY : W_NORMAL))
                snprintf(st_after.method, sizeof st_after.method, "%s", m[i]);
            x += w + pad;
        }
        ui_cut_top(&body, pad);
        struct w_field nf = {.label = "Note (office, person spoken to)",
                             .buf = st_after.note,
                             .cap = sizeof st_after.note};
        w_textfield(c, ui_cut_top(&body, w_textfield_h(c)), &nf);
        if (w_button(c, ui_cut_top(&body, bh), "Record DHS notified",
                     st_after.method[0] ? W_PRIMARY : W_DISABLED)) {
            int rc = request_dhs_notified(a->st, &a->actor, r->id, st_after.method,
                                          st_after.note[0] ? st_after.note : NULL, msg, sizeof msg);
            done(a, rc, msg, "DHS notification recorded.");
            return;
        }
        ui_cut_top(&body, pad);
    }
    if (r->detainer && !r->detainer_received) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_INFO,
                 "ICE: detainer to follow. Record it when it arrives.");
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
        struct w_field of = {
            .label = "Issuing ICE office", .buf = st_after.office, .cap = sizeof st_after.office};
        w_textfield(c, ui_cut_top(&body, w_textfield_h(c)), &of);
        struct w_field ff = {
            .label = "Detainer form", .buf = st_after.form, .cap = sizeof st_after.form};
        w_textfield(c, ui_cut_top(&body, w_textfield_h(c)), &ff);
        if (w_button(c, ui_cut_top(&body, bh), "Detainer received now",
                     st_after.office[0] && st_after.form[0] ? W_PRIMARY : W_DISABLED)) {
            int rc = request_detainer_received(a->st, &a->actor, r->id, app_now(a), st_after.office,
                                               st_after.form, true, msg, sizeof msg);
            done(a, rc, msg, "Detainer recorded; notify ICE before release.");
            return;
        }
        ui_cut_top(&body, pad);
    }
    bool waiting = r->state == REQUEST_QUEUED || r->state == REQUEST_TRANSMITTED ||
                   r->state == REQUEST_ACKNOWLEDGED || r->state == REQUEST_NEEDS_INFO;
    if (waiting && !r->released) {
        w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_BODY) * 2),
                     UI_FONT_BODY, t->text_dim,
                     "Policy B.5: release is never delayed waiting for ICE. ICE's answer is "
                     "still recorded when it comes.");
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BODY) * 2 + pad);
        if (w_button(c, ui_cut_top(&body, bh), "Released before an answer", W_NORMAL)) {
            int rc = request_release(a->st, &a->actor, r->id, NULL, msg, sizeof msg);
            done(a, rc, msg, "Release recorded.");
            return;
        }
    }
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_after = {
    .title = "After ICE's answer",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
};
