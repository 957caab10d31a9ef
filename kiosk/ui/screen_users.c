/* Users: everyone who may sign in, with role and lock state; a supervisor or
 * admin unlocks a locked user, an admin disables one. The core enforces
 * who may do what (auth_user_unlock, auth_user_disable). */
#include "ui/app.h"

#include "core/kiosk_err.h"

#include <stdio.h>
#include <stdlib.h>

static void load(struct app *a)
{
    struct admin_state *s = &a->admin;
    free(s->users);
    s->users = NULL;
    s->nusers = 0;
    if (auth_user_list(a->st, &s->users, &s->nusers) != 0) {
        s->users = NULL;
        s->nusers = 0;
    }
}

static void leave(struct app *a)
{
    free(a->admin.users);
    a->admin.users = NULL;
    a->admin.nusers = 0;
}

static void draw_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const struct auth_user *u = &a->admin.users[i];
    int pad = theme_pad(c);
    int y = r.y + (r.h - ui_font_h(c, UI_FONT_BOLD)) / 2;
    ui_text(c, r.x + pad, y, UI_FONT_BOLD, t->text, u->name);
    char info[96];
    snprintf(info, sizeof info, "badge %s \xc2\xb7 %s", u->badge, auth_role_name(u->role));
    ui_text(c, r.x + r.w * 35 / 100, y, UI_FONT_BODY, t->text_dim, info);
    const char *st = u->disabled ? "Disabled" : u->locked ? "Locked" : "Active";
    w_status(c, r.x + r.w * 70 / 100, r.y + ui_px(c, 6), UI_FONT_SMALL,
             u->disabled || u->locked ? THEME_BAD : THEME_OK, st);
    (void)focused;
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct admin_state *s = &a->admin;
    int pad = theme_pad(c);
    struct ui_rect act = ui_cut_right(&body, body.w * 30 / 100);
    ui_cut_right(&body, pad);
    int pick = w_list(c, body, &s->list, (int)s->nusers, theme_row_h(c) + ui_px(c, 8), "users",
                      draw_row, a);
    if (pick >= 0)
        s->setting_sel = pick;
    if (s->setting_sel < 0 || (size_t)s->setting_sel >= s->nusers)
        return;
    const struct auth_user *u = &s->users[s->setting_sel];
    ui_text(c, act.x, act.y, UI_FONT_BOLD, theme_get()->text, u->name);
    ui_cut_top(&act, ui_font_h(c, UI_FONT_BOLD) + pad);
    int bh = theme_primary_h(c);
    int rc = 1;
    if (u->locked && w_button(c, ui_cut_top(&act, bh), "Unlock", W_PRIMARY))
        rc = auth_user_unlock(a->st, &a->actor, u->badge);
    ui_cut_top(&act, pad);
    if (!u->disabled && app_has_role(a, AUTH_ROLE_ADMIN) &&
        w_button(c, ui_cut_top(&act, bh), "Disable", W_DANGER))
        rc = auth_user_disable(a->st, &a->actor, u->badge);
    if (rc == 0) {
        app_toast(a, THEME_OK, "Done.");
        load(a);
    } else if (rc < 0) {
        app_toast(a, THEME_BAD, "Refused: %s.", kiosk_strerror(rc));
    }
}

static void enter(struct app *a)
{
    a->admin.setting_sel = -1;
    load(a);
}

const struct screen screen_users = {
    .title = "Users",
    .roles = AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
    .leave = leave,
};
