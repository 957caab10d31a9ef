/* The security alarm bar (issue 12): when the store refused something
 * because the audit chain, its head file or a row MAC did not verify, a red
 * bar stays at the bottom of the sign-in screen and of every admin's
 * screen until the kiosk restarts; tapping it shows what failed. */
#include "ui/app.h"
#include "ui/widgets.h"

#include "core/store.h"

void app_draw_security_alert(struct app *a)
{
    const char *alarm = a->st ? store_alarm(a->st) : NULL;
    if (!alarm || (a->signed_in && !app_has_role(a, AUTH_ROLE_ADMIN)))
        return;
    struct ui_ctx *c = &a->ui;
    int h = theme_row_h(c), pad = theme_pad(c);
    struct ui_rect r = ui_rect(pad, c->height - h - pad, c->width - 2 * pad, h);
    ui_unclip(c);
    if (w_button(c, r, APP_SECURITY_ALARM_LABEL, W_DANGER))
        a->alarm_details = !a->alarm_details;
    if (!a->alarm_details)
        return;
    /* The details (row numbers, file names; never personal data) above it. */
    const struct theme *t = theme_get();
    struct ui_rect d = ui_rect(r.x, r.y - 2 * h - pad, r.w, 2 * h);
    ui_fill(c, d, t->panel);
    ui_frame(c, d, theme_status_bg(THEME_BAD), 2);
    w_label_wrap(c, ui_inset(d, pad), UI_FONT_BODY, t->text, alarm);
}
