/* Nationality step of the exemption paths (valid ID, ID entered by hand,
 * personally known): consular notification applies to every foreign
 * national arrested, whatever the path (policy section II.B.6). The same
 * searchable country picker as the IAQ form, with plain "US citizen" and
 * "Not known" answers; an exemption is not recorded without an answer
 * (issue 10), and one waiting for it is recorded as soon as it is given.
 * The core opens the consular record when the recorded nationality is
 * foreign. */
#include "ui/app.h"

#include <string.h>

static void enter(struct app *a)
{
    struct intake_flow *f = &a->flow;
    f->picker_search[0] = 0;
    f->npicks = 0;
    f->picker_list.first = 0;
    ui_set_focus(&a->ui, ui_id(&a->ui, "Nationality", 0x7e47));
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
    if (a->osk) {
        /* Keys up: the list takes the right side at full height (four rows
         * at least); search, chips and the buttons stay on the left. */
        struct ui_rect list_r = ui_cut_right(&body, body.w * 58 / 100);
        ui_cut_right(&body, pad * 2);
        struct ui_rect btns = ui_cut_bottom(&body, theme_row_h(c));
        int bw = (btns.w - pad) / 2;
        if (w_button(c, ui_rect(btns.x, btns.y, bw, btns.h), "US citizen / not known", W_NORMAL)) {
            memset(f->iaq.nationality, 0, sizeof f->iaq.nationality);
            app_pop(a);
        }
        if (w_button(c, ui_rect(btns.x + bw + pad, btns.y, bw, btns.h), "Done", W_PRIMARY))
            app_pop(a);
        app_nationality_picker(a, body, list_r, "Nationality", NULL, f->iaq.nationality);
        w_keyboard(c, kb);
        return;
    }
    struct ui_rect left = ui_cut_left(&body, body.w * 60 / 100);
    ui_cut_left(&body, pad * 2);

    int used = w_label_wrap(c, ui_rect(left.x, left.y, left.w, ui_font_h(c, UI_FONT_BODY) * 3),
                            UI_FONT_BODY, t->text,
                            "Ask the person's nationality. A foreign national is told of the "
                            "right to consular notification, and some consulates must be "
                            "notified whatever the person wishes.");
    ui_cut_top(&left, used + pad);
    app_nationality_picker(a, left, ui_rect(0, 0, 0, 0), "Nationality", NULL, f->iaq.nationality);

    int bh = theme_primary_h(c);
    bool answered = false;
    if (w_button(c, ui_cut_top(&body, bh), "Done", W_PRIMARY)) {
        if (f->iaq.nationality[0][0]) {
            f->nationality_not_known = false;
            answered = true;
        } else {
            app_toast(a, THEME_WARN, "Pick a country, or answer US citizen or Not known.");
        }
    }
    ui_cut_top(&body, pad);
    if (w_button(c, ui_cut_top(&body, bh), "US citizen", W_NORMAL)) {
        memset(f->iaq.nationality, 0, sizeof f->iaq.nationality);
        snprintf(f->iaq.nationality[0], sizeof f->iaq.nationality[0], "US");
        f->nationality_not_known = false;
        answered = true;
    }
    ui_cut_top(&body, pad);
    if (w_button(c, ui_cut_top(&body, bh), "Not known", W_NORMAL)) {
        memset(f->iaq.nationality, 0, sizeof f->iaq.nationality);
        f->nationality_not_known = true;
        answered = true;
    }
    if (answered) {
        enum intake_basis pending = f->pending_basis;
        f->pending_basis = 0;
        app_pop(a);
        if (pending)
            app_intake_submit(a, pending);
        return;
    }
    ui_cut_top(&body, pad);
    w_label_wrap(c, body, UI_FONT_SMALL, t->text_dim,
                 "Nationality is by citizenship, not place of birth. Record every nationality "
                 "the person has; nothing else on this kiosk depends on it.");
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_nationality = {
    .title = "Nationality",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
};
