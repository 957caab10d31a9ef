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

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));

    w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_WARN,
             "Only for persons presented for incarceration \xe2\x80\x94 never for victims or "
             "witnesses.");
    ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);

    struct ui_rect left = ui_cut_left(&body, body.w * 55 / 100);
    ui_cut_left(&body, pad * 2);
    struct ui_rect right = body;

    struct w_field bf = {.label = "Booking number",
                         .buf = f->booking,
                         .cap = sizeof f->booking,
                         .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
                         .upper = true,
                         .hint = "e.g. 2026-004512"};
    /* With the on-screen keyboard up, the two fields share a row. */
    struct ui_rect frow = ui_cut_top(&left, w_textfield_h(c));
    struct ui_rect srow = frow;
    if (a->osk) {
        frow.w = frow.w * 35 / 100;
        srow = ui_rect(frow.x + frow.w + pad, frow.y, left.w - frow.w - pad, frow.h);
    }
    w_textfield(c, frow, &bf);
    char before[sizeof f->search];
    snprintf(before, sizeof before, "%s", f->search);
    struct w_field sf = {.label = "Add a charge: NCIC code or words (most serious first)",
                         .buf = f->search,
                         .cap = sizeof f->search,
                         .upper = true,
                         .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ -/",
                         .hint = "e.g. 5404 or ASSAULT"};
    if (!a->osk)
        srow = ui_cut_top(&left, w_textfield_h(c));
    w_textfield(c, srow, &sf);
    if (strcmp(before, f->search) != 0) {
        f->nhits = code_search_offense(f->search, f->hits, 64);
        f->hit_list.first = 0;
    }
    int pick = w_list(c, left, &f->hit_list, f->nhits, theme_row_h(c), "offense", draw_hit, a);
    if (pick >= 0 && !has_charge(f, f->hits[pick]->code)) {
        if (f->ncharges < INTAKE_CHARGES_MAX) {
            snprintf(f->charges[f->ncharges++], sizeof f->charges[0], "%s", f->hits[pick]->code);
        } else {
            app_toast(a, THEME_WARN, "At most %d charges.", INTAKE_CHARGES_MAX);
        }
    }

    /* Charges chosen, then the four ways forward. */
    ui_text(c, right.x, right.y, UI_FONT_BOLD, t->text, "Charges");
    ui_cut_top(&right, ui_font_h(c, UI_FONT_BOLD) + pad / 2);
    int actions_h = 4 * theme_primary_h(c) + 3 * pad;
    if (a->osk) {
        /* No room for the next steps above the keyboard. */
        actions_h = 0;
        ui_text(c, right.x, right.y + right.h - ui_font_h(c, UI_FONT_SMALL), UI_FONT_SMALL,
                t->text_dim, "Hide the keys to see the next steps.");
        right.h -= ui_font_h(c, UI_FONT_SMALL) + pad;
    }
    struct ui_rect actions = ui_cut_bottom(&right, actions_h);
    int rh = theme_row_h(c);
    int remove_at = -1;
    for (int i = 0; i < f->ncharges && right.h >= rh; i++) {
        struct ui_rect row = ui_cut_top(&right, rh);
        ui_cut_top(&right, ui_px(c, 4));
        const struct code_offense *o = codes_offense_find(f->charges[i]);
        ui_fill(c, row, t->panel);
        char line[96];
        snprintf(line, sizeof line, "%s%s %s", i == 0 ? "\xe2\x98\x85 " : "", f->charges[i],
                 o ? o->literal : "");
        ui_clip(c, row);
        ui_text(c, row.x + pad, row.y + (row.h - ui_font_h(c, UI_FONT_BODY)) / 2, UI_FONT_BODY,
                t->text, line);
        ui_unclip(c);
        if (w_button_n(c, ui_cut_right(&row, ui_px(c, 120)), "Remove", i, W_NORMAL))
            remove_at = i;
    }
    if (f->ncharges == 0)
        ui_text(c, right.x, right.y, UI_FONT_BODY, t->text_dim,
                "None yet. Pick from the list on the left.");
    if (remove_at >= 0) {
        for (int i = remove_at; i + 1 < f->ncharges; i++)
            memcpy(f->charges[i], f->charges[i + 1], sizeof f->charges[0]);
        f->ncharges--;
    }

    bool ok = ready(f);
    enum w_style st = ok ? W_NORMAL : W_DISABLED;
    if (a->osk) {
        w_keyboard(c, kb);
        return;
    }
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
    if (a->osk)
        w_keyboard(c, kb);
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
