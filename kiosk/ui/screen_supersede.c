/* "Booking number already used" (issue 10 §6): the core refused a different
 * intake under a booking number that already has one. A supervisor may
 * supersede the earlier intake with a reason; the intake waiting in the flow
 * is then recorded (intake_add with supersede_reason). Anyone else is told
 * to check the number or call a supervisor. */
#include "ui/app.h"

#include <stdio.h>
#include <string.h>

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    char line[300];
    snprintf(line, sizeof line,
             "Booking number %s already has an intake with different details. Check the "
             "number; if the earlier intake is wrong, a supervisor supersedes it with a reason.",
             f->booking);
    int used = w_label_wrap(c, ui_rect(body.x, body.y, body.w, ui_font_h(c, UI_FONT_BODY) * 3),
                            UI_FONT_BODY, t->text, line);
    ui_cut_top(&body, used + pad);
    int bh = theme_primary_h(c), bw = ui_px(c, 420);
    if (!app_has_role(a, AUTH_ROLE_SUPERVISOR)) {
        w_status(c, body.x, body.y, UI_FONT_BOLD, THEME_WARN,
                 "Only a supervisor can supersede an intake.");
        ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) + pad * 2);
        if (w_button(c, ui_rect(body.x, body.y, bw, bh), "Back to the intake", W_NORMAL))
            app_pop(a);
        return;
    }
    struct w_field rf = {.label = "Reason for superseding the earlier intake",
                         .buf = f->supersede_reason,
                         .cap = sizeof f->supersede_reason};
    w_textfield(c, ui_cut_top(&body, w_textfield_h(c)), &rf);
    if (w_button(c, ui_rect(body.x, body.y, bw, bh), "Supersede and record",
                 f->supersede_reason[0] ? W_DANGER : W_DISABLED)) {
        enum intake_basis basis = f->pending_basis;
        f->pending_basis = 0;
        app_pop(a);
        app_intake_submit(a, basis);
        return;
    }
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_supersede = {
    .title = "Booking number already used",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .frame = frame,
};
