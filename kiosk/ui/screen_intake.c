/* New intake: booking number and charges (NCIC offense search by code or
 * words, common charges first), then the way the ID question is settled:
 * scan the back of the ID, ID without barcode, personally known, or no ID.
 * Says plainly that checks are only for persons presented for
 * incarceration. */
#include "ui/app.h"

#include "core/severity.h"
#include "ui/code_search.h"

#include <stdio.h>
#include <string.h>

static void enter(struct app *a)
{
    struct intake_flow *f = &a->flow;
    f->nhits = code_search_offense(f->search, f->hits, 64);
}

static bool has_charge(const struct intake_flow *f, const char *code)
{
    for (int i = 0; i < f->ncharges; i++)
        if (strcmp(f->charges[i], code) == 0)
            return true;
    return false;
}

static void draw_hit(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const struct code_offense *o = a->flow.hits[i];
    int pad = theme_pad(c);
    int y = r.y + (r.h - ui_font_h(c, UI_FONT_BODY)) / 2;
    ui_text(c, r.x + pad, y, UI_FONT_MONO, t->focus, o->code);
    ui_text(c, r.x + pad + ui_text_w(c, UI_FONT_MONO, "0000  "), y, UI_FONT_BODY, t->text,
            o->literal);
    if (has_charge(&a->flow, o->code))
        ui_text(c, r.x + r.w - ui_text_w(c, UI_FONT_BODY, "added") - pad, y, UI_FONT_BODY,
                t->text_dim, "added");
    (void)focused;
}

/* True when the intake has what every path needs (the core checks again). */
static bool ready(const struct intake_flow *f)
{
    return f->booking[0] && f->ncharges > 0;
}

/* The chosen charges as rows with a Remove button, inside r. */
static void draw_charges(struct app *a, struct ui_rect r)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    int rh = theme_row_h(c);
    int remove_at = -1;
    for (int i = 0; i < f->ncharges && r.h >= rh; i++) {
        struct ui_rect row = ui_cut_top(&r, rh);
        ui_cut_top(&r, ui_px(c, 4));
        const struct code_offense *o = codes_offense_find(f->charges[i]);
        ui_fill(c, row, t->panel);
        struct ui_rect rm = ui_cut_right(&row, ui_px(c, 120));
        char line[96];
        snprintf(line, sizeof line, "%s%s %s", i == 0 ? "\xe2\x98\x85 " : "", f->charges[i],
                 o ? o->literal : "");
        /* The whole charge, never cut under Remove: body type when it fits,
         * else small type on up to two lines. */
        if (ui_text_w(c, UI_FONT_BODY, line) <= row.w - 2 * pad) {
            ui_text(c, row.x + pad, row.y + (row.h - ui_font_h(c, UI_FONT_BODY)) / 2, UI_FONT_BODY,
                    t->text, line);
        } else {
            int lh = ui_font_h(c, UI_FONT_SMALL);
            int lines = ui_text_w(c, UI_FONT_SMALL, line) <= row.w - 2 * pad ? 1 : 2;
            w_label_wrap(
                c,
                ui_rect(row.x + pad, row.y + (row.h - lh * lines) / 2, row.w - 2 * pad, lh * lines),
                UI_FONT_SMALL, t->text, line);
        }
        if (w_button_n(c, rm, "Remove", i, W_NORMAL))
            remove_at = i;
    }
    if (f->ncharges == 0)
        w_label_wrap(c, r, UI_FONT_BODY, t->text_dim, "None yet. Pick from the list.");
    if (remove_at >= 0) {
        for (int i = remove_at; i + 1 < f->ncharges; i++)
            memcpy(f->charges[i], f->charges[i + 1], sizeof f->charges[0]);
        f->ncharges--;
    }
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    const char *only = "Only for persons presented for incarceration \xe2\x80\x94 never for "
                       "victims or witnesses.";

    struct ui_rect left, right, list_r;
    if (a->osk) {
        /* Keys up: the charge list takes the right side at full height
         * (four rows at least); the fields, the reminder and the chosen
         * charges stay on the left. "Hide keys" shows the next steps. */
        list_r = ui_cut_right(&body, body.w * 55 / 100);
        ui_cut_right(&body, pad * 2);
        left = body;
        right = ui_rect(0, 0, 0, 0);
    } else {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_WARN, only);
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
        left = ui_cut_left(&body, body.w * 55 / 100);
        ui_cut_left(&body, pad * 2);
        right = body;
        list_r = ui_rect(0, 0, 0, 0);
    }

    struct w_field bf = {.label = "Booking number",
                         .buf = f->booking,
                         .cap = sizeof f->booking,
                         .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
                         .upper = true,
                         .hint = "e.g. 2026-004512"};
    w_textfield(c, ui_cut_top(&left, w_textfield_h(c)), &bf);
    char before[sizeof f->search];
    snprintf(before, sizeof before, "%s", f->search);
    struct w_field sf = {.label = "Add a charge: NCIC code or words (most serious first)",
                         .buf = f->search,
                         .cap = sizeof f->search,
                         .upper = true,
                         .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ -/",
                         .hint = "e.g. 5404 or ASSAULT"};
    w_textfield(c, ui_cut_top(&left, w_textfield_h(c)), &sf);
    if (strcmp(before, f->search) != 0) {
        f->nhits = code_search_offense(f->search, f->hits, 64);
        f->hit_list.first = 0;
    }
    int pick = w_list(c, a->osk ? list_r : left, &f->hit_list, f->nhits, theme_row_h(c), "offense",
                      draw_hit, a);
    if (pick >= 0 && !has_charge(f, f->hits[pick]->code)) {
        if (f->ncharges < INTAKE_CHARGES_MAX) {
            snprintf(f->charges[f->ncharges++], sizeof f->charges[0], "%s", f->hits[pick]->code);
        } else {
            app_toast(a, THEME_WARN, "At most %d charges.", INTAKE_CHARGES_MAX);
        }
    }

    if (a->osk) {
        /* The charges on one line (Remove comes back with the keys hidden). */
        char line[160] = "Charges: ";
        for (int i = 0; i < f->ncharges; i++) {
            size_t n = strlen(line);
            snprintf(line + n, sizeof line - n, "%s%s%s", i ? ", " : "",
                     i == 0 ? "\xe2\x98\x85 " : "", f->charges[i]);
        }
        if (f->ncharges == 0)
            snprintf(line, sizeof line, "Charges: none yet. Pick from the list.");
        int used = w_label_wrap(c, ui_rect(left.x, left.y, left.w, 0), UI_FONT_BOLD, t->text, line);
        ui_cut_top(&left, used + pad / 2);
        used = w_label_wrap(c, ui_rect(left.x, left.y, left.w, 0), UI_FONT_SMALL, t->warn, only);
        ui_cut_top(&left, used + pad / 2);
        w_label_wrap(c, ui_rect(left.x, left.y, left.w, 0), UI_FONT_SMALL, t->text_dim,
                     "Hide the keys (top right) to see the next steps.");
        w_keyboard(c, kb);
        return;
    }

    /* Charges chosen, then the four ways forward. */
    ui_text(c, right.x, right.y, UI_FONT_BOLD, t->text, "Charges");
    ui_cut_top(&right, ui_font_h(c, UI_FONT_BOLD) + pad / 2);
    int actions_h = 4 * theme_primary_h(c) + 3 * pad;
    struct ui_rect actions = ui_cut_bottom(&right, actions_h);
    draw_charges(a, right);

    bool ok = ready(f);
    enum w_style st = ok ? W_NORMAL : W_DISABLED;
    int bh = theme_primary_h(c);
    struct ui_rect b = ui_cut_top(&actions, bh);
    if (!ok)
        ui_text(c, b.x, b.y - ui_font_h(c, UI_FONT_SMALL) - pad, UI_FONT_SMALL, t->warn,
                "Enter the booking number and at least one charge first.");
    if (w_button(c, b, "Scan the back of the ID", ok ? W_PRIMARY : W_DISABLED))
        app_push(a, SCREEN_SCAN);
    ui_cut_top(&actions, pad);
    if (w_button(c, ui_cut_top(&actions, bh), "ID without barcode", st))
        app_push(a, SCREEN_MANUALID);
    ui_cut_top(&actions, pad);
    if (w_button(c, ui_cut_top(&actions, bh), "Personally known", st))
        app_push(a, SCREEN_KNOWN);
    ui_cut_top(&actions, pad);
    if (w_button(c, ui_cut_top(&actions, bh), "No ID \xe2\x80\x94 ICE status check", st)) {
        memset(&f->iaq, 0, sizeof f->iaq);
        /* OFF/: the most serious charge (issue 10) */
        int best = severity_most_serious((const char(*)[8])f->charges, f->ncharges);
        snprintf(f->iaq.offense, sizeof f->iaq.offense, "%s", f->charges[best >= 0 ? best : 0]);
        f->have_doc = false;
        app_push(a, SCREEN_IAQ);
    }
}

/* A licence scanned before pressing "Scan": take it when the intake is ready. */
static bool scan(struct app *a, const struct scan_event *ev)
{
    if (!ready(&a->flow)) {
        app_toast(a, THEME_WARN, "Enter the booking number and a charge first, then scan.");
        return true;
    }
    return screen_scan_licence(a, ev);
}

const struct screen screen_intake = {
    .title = "New intake",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
    .scan = scan,
};
