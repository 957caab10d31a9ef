/* Audit review: the hash chain's state (audit_verify), the last weekly
 * review, the latest audit rows in words (audit_words.h), and recording
 * this week's review with a note (audit_review_record). A tapped row shows
 * its record as stored (action, object, outcome, details) under the list,
 * for matching `kioskctl audit` output. Loaded on entry: each verify and
 * each listing is itself audited. */
#include "ui/app.h"
#include "ui/audit_words.h"

#include "core/audit.h"
#include "core/kiosk_err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_SHOWN 200

static void load(struct app *a)
{
    struct admin_state *s = &a->admin;
    free(s->audit);
    s->audit = NULL;
    s->naudit = 0;
    int64_t bad = 0;
    s->chain_msg[0] = 0;
    s->chain_ok = audit_verify(a->st, &a->actor, &bad, &s->chain_rows, s->chain_msg,
                               sizeof s->chain_msg) == 0;
    audit_last_review(a->st, &s->last_review);
    kiosk_ms_t since = app_now(a) - 7 * KIOSK_MS_PER_DAY;
    if (audit_list(a->st, &a->actor, since, 0, &s->audit, &s->naudit) != 0) {
        s->audit = NULL;
        s->naudit = 0;
    }
}

static void leave(struct app *a)
{
    free(a->admin.audit);
    a->admin.audit = NULL;
    a->admin.naudit = 0;
}

static void draw_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    /* Newest first. */
    const struct audit_row *row = &a->admin.audit[a->admin.naudit - 1 - (size_t)i];
    char when[32], line[400], act[80], obj[48], out[32];
    app_format_time(row->at, true, when, sizeof when);
    snprintf(line, sizeof line, "%s  %s  %s \xe2\x80\x94 %s, %s", when, row->actor_badge,
             audit_action_words(row->action, act, sizeof act),
             audit_object_words(row->object, obj, sizeof obj),
             audit_outcome_words(row->outcome, out, sizeof out));
    if (i == a->admin.audit_sel)
        ui_fill(c, r, t->panel);
    ui_text(c, r.x + theme_pad(c), r.y + (r.h - ui_font_h(c, UI_FONT_BODY)) / 2, UI_FONT_BODY,
            strcmp(row->outcome, "ok") == 0 ? t->text : t->warn, line);
    (void)focused;
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct admin_state *s = &a->admin;
    int pad = theme_pad(c);
    char line[256];
    if (s->chain_ok)
        snprintf(line, sizeof line, "Audit chain intact (%lld rows checked)",
                 (long long)s->chain_rows);
    else
        snprintf(line, sizeof line, "AUDIT CHAIN BROKEN: %s", s->chain_msg);
    w_status(c, body.x, body.y, UI_FONT_BOLD, s->chain_ok ? THEME_OK : THEME_BAD, line);
    ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
    kiosk_ms_t now = app_now(a);
    bool due = !s->last_review || now - s->last_review > 7 * KIOSK_MS_PER_DAY;
    if (s->last_review) {
        char when[32];
        app_format_time(s->last_review, true, when, sizeof when);
        snprintf(line, sizeof line, "Last weekly review: %s%s", when, due ? " (due again)" : "");
    } else {
        snprintf(line, sizeof line, "No weekly review recorded yet");
    }
    w_status(c, body.x, body.y, UI_FONT_BOLD, due ? THEME_WARN : THEME_OK, line);
    ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
    if (app_has_role(a, AUTH_ROLE_AUDITOR)) {
        struct ui_rect row = ui_cut_top(&body, w_textfield_h(c));
        struct w_field f = {.label = "Review note", .buf = s->note, .cap = sizeof s->note};
        w_textfield(c, ui_rect(row.x, row.y, row.w * 6 / 10, row.h), &f);
        struct ui_rect b =
            ui_rect(row.x + row.w * 6 / 10 + pad, row.y + ui_font_h(c, UI_FONT_SMALL),
                    row.w * 4 / 10 - pad, theme_row_h(c));
        if (w_button(c, b, "Record weekly review", s->note[0] ? W_PRIMARY : W_DISABLED)) {
            int rc = audit_review_record(a->st, &a->actor, s->note);
            if (rc == 0) {
                app_toast(a, THEME_OK, "Weekly review recorded.");
                s->note[0] = 0;
                load(a);
            } else {
                app_toast(a, THEME_BAD, "Not recorded: %s.", kiosk_strerror(rc));
            }
        }
    }
    /* The tapped row's record as stored, for matching `kioskctl audit`. */
    const struct theme *t = theme_get();
    int dh = ui_font_h(c, UI_FONT_SMALL) * 2 + pad;
    struct ui_rect detail = ui_rect(body.x, body.y + body.h - dh, body.w, dh);
    body.h -= dh;
    int tapped = w_list(c, body, &s->list, (int)s->naudit,
                        ui_font_h(c, UI_FONT_BODY) + ui_px(c, 12), "audit", draw_row, a);
    if (tapped >= 0)
        s->audit_sel = tapped;
    if (s->audit_sel >= 0 && (size_t)s->audit_sel < s->naudit) {
        const struct audit_row *row = &s->audit[s->naudit - 1 - (size_t)s->audit_sel];
        char rec[320];
        snprintf(rec, sizeof rec, "Recorded as: %s  %s  %s  %s", row->action, row->object,
                 row->outcome, row->details);
        w_label_wrap(c, ui_rect(detail.x, detail.y + pad / 2, detail.w, detail.h - pad / 2),
                     UI_FONT_SMALL, t->text_dim, rec);
    } else {
        ui_text(c, detail.x, detail.y + pad / 2, UI_FONT_SMALL, t->text_dim,
                "Tap a row to see its record as stored (for matching kioskctl audit).");
    }
}

static void enter(struct app *a)
{
    a->admin.list.first = 0;
    a->admin.audit_sel = -1;
    load(a);
}

const struct screen screen_audit = {
    .title = "Audit review",
    .roles = AUTH_ROLE_AUDITOR | AUTH_ROLE_ADMIN,
    .enter = enter,
    .frame = frame,
    .leave = leave,
};
