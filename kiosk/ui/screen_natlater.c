/* "Nationality learned later" (issue 10): a nationality the person tells
 * after intake, or that ICE's answer names, recorded for the intake of the
 * request shown in the detail (consular_nationality_later); when it is
 * foreign the consular step opens at once. Deputy or supervisor. */
#include "ui/app.h"

#include <stdio.h>
#include <string.h>

/* The nationalities being picked on this screen (one screen at a time). */
static char picked[IAQ_NATIONALITY_MAX][4];

static void enter(struct app *a)
{
    struct intake_flow *f = &a->flow;
    memset(picked, 0, sizeof picked);
    /* ICE's answer may name the country: offered, the deputy confirms */
    char code[4];
    if (a->board.have_detail && a->board.detail.response_text &&
        consular_country_in_text(a->board.detail.response_text, code, NULL))
        snprintf(picked[0], sizeof picked[0], "%s", code);
    f->picker_search[0] = 0;
    f->npicks = 0;
    f->picker_list.first = 0;
    ui_set_focus(&a->ui, ui_id(&a->ui, "Nationality", 0x7e47));
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
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    struct ui_rect left = ui_cut_left(&body, body.w * 60 / 100);
    ui_cut_left(&body, pad * 2);
    char line[160];
    snprintf(line, sizeof line, "Booking %s: the person's nationality, learned after intake",
             b->detail.row.booking_number);
    int used = w_label_wrap(c, ui_rect(left.x, left.y, left.w, ui_font_h(c, UI_FONT_BODY) * 2),
                            UI_FONT_BODY, t->text, line);
    ui_cut_top(&left, used + pad);
    app_nationality_picker(a, left, ui_rect(0, 0, 0, 0), "Nationality", NULL, picked);
    int bh = theme_primary_h(c);
    if (w_button(c, ui_cut_top(&body, bh), "Record nationality",
                 picked[0][0] ? W_PRIMARY : W_DISABLED)) {
        char msg[256] = "";
        bool opened = false;
        int64_t intake = b->detail.row.intake_id;
        if (consular_nationality_later(a->st, &a->actor, intake, (const char(*)[4])picked, &opened,
                                       msg, sizeof msg) != 0) {
            app_toast(a, THEME_BAD, "%s", msg[0] ? msg : "Not recorded.");
        } else if (opened) {
            app_toast(a, THEME_OK, "Nationality recorded: consular notification applies.");
            app_pop(a);
            app_flow_reset(a);
            a->flow.intake_id = intake;
            app_push(a, SCREEN_CONSULAR);
            return;
        } else {
            app_toast(a, THEME_OK, "Nationality recorded (US national: no consular record).");
            app_pop(a);
            return;
        }
    }
    ui_cut_top(&body, pad);
    w_label_wrap(c, body, UI_FONT_SMALL, t->text_dim,
                 "Nationality is by citizenship, not place of birth. A dual US national is a US "
                 "citizen here. An intake that already has a consular record keeps it.");
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_natlater = {
    .title = "Nationality learned later",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
};
