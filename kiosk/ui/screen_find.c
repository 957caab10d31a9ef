/* "Find an intake" (issue 10 §6): search by booking number, optionally by
 * name (the NCIC name of the IAQ request; exemptions keep no name), through
 * the core's intake_find; a hit with a request opens its detail. Reached
 * from the status board. */
#include "ui/app.h"

#include "core/intake_find.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* This screen's state (one screen at a time). */
static struct {
    char booking[INTAKE_BOOKING_MAX];
    char name[40];
    struct intake_hit *hits;
    size_t nhits;
    bool searched;
    struct w_list list;
} fs;

static void clear_hits(void)
{
    free(fs.hits);
    fs.hits = NULL;
    fs.nhits = 0;
}

void screen_find_reset(void)
{
    clear_hits();
    memset(&fs, 0, sizeof fs);
}

static void enter(struct app *a)
{
    /* Back from a hit's detail keeps what was typed; the list is redone. */
    clear_hits();
    fs.searched = false;
    fs.list.first = 0;
    ui_set_focus(&a->ui, ui_id(&a->ui, "Booking number", 0x7e47));
}

static void leave(struct app *a)
{
    (void)a;
    clear_hits();
}

static void hit_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    (void)user;
    (void)focused;
    const struct theme *t = theme_get();
    const struct intake_hit *h = &fs.hits[i];
    int pad = theme_pad(c);
    char line[200], when[32];
    app_format_time(h->created, true, when, sizeof when);
    snprintf(line, sizeof line, "intake %lld \xc2\xb7 %s \xc2\xb7 %s%s%s", (long long)h->id,
             intake_basis_name(h->basis), when, h->ncic_name[0] ? " \xc2\xb7 " : "", h->ncic_name);
    int y = r.y + (r.h - ui_font_h(c, UI_FONT_BODY)) / 2;
    ui_text(c, r.x + pad, y, UI_FONT_BODY, t->text, line);
    if (h->superseded_by) {
        snprintf(line, sizeof line, "superseded by %lld", (long long)h->superseded_by);
        ui_text(c, r.x + r.w - ui_text_w(c, UI_FONT_SMALL, line) - pad, y, UI_FONT_SMALL, t->warn,
                line);
    } else if (h->state) {
        ui_text(c, r.x + r.w - ui_text_w(c, UI_FONT_SMALL, request_state_name(h->state)) - pad, y,
                UI_FONT_SMALL, t->text_dim, request_state_name(h->state));
    }
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    struct ui_rect top = ui_cut_top(&body, w_textfield_h(c));
    int fw = (top.w - 2 * pad) * 2 / 5;
    struct w_field bf = {.label = "Booking number",
                         .buf = fs.booking,
                         .cap = sizeof fs.booking,
                         .allow =
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/."};
    w_textfield(c, ui_rect(top.x, top.y, fw, top.h), &bf);
    struct w_field nf = {.label = "Name (optional)", .buf = fs.name, .cap = sizeof fs.name};
    w_textfield(c, ui_rect(top.x + fw + pad, top.y, fw, top.h), &nf);
    struct ui_rect sb = ui_rect(top.x + 2 * (fw + pad), top.y + ui_font_h(c, UI_FONT_SMALL),
                                top.w - 2 * (fw + pad), theme_row_h(c));
    if (w_button(c, sb, "Search", fs.booking[0] ? W_PRIMARY : W_DISABLED)) {
        clear_hits();
        fs.searched = true;
        fs.list.first = 0;
        if (intake_find(a->st, &a->actor, fs.booking, fs.name[0] ? fs.name : NULL, &fs.hits,
                        &fs.nhits) != 0)
            app_toast(a, THEME_BAD, "Give a booking number, and a name in letters.");
    }
    ui_cut_top(&body, pad);
    if (fs.searched && fs.nhits == 0) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_INFO, "No intake under that number.");
    } else if (fs.nhits > 0) {
        int pick = w_list(c, body, &fs.list, (int)fs.nhits, theme_row_h(c), "hit", hit_row, a);
        if (pick >= 0 && fs.hits[pick].request_id) {
            a->board.detail_id = fs.hits[pick].request_id;
            app_push(a, SCREEN_DETAIL);
        } else if (pick >= 0) {
            app_toast(a, THEME_INFO, "An exemption: no request to open.");
        }
    }
    (void)t;
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_find = {
    .title = "Find an intake",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN,
    .enter = enter,
    .leave = leave,
    .frame = frame,
};
