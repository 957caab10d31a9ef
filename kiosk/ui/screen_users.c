/* Users: everyone who may sign in, with role and lock state (listed for an
 * admin through auth_user_list_as, audited); an admin unlocks, disables and
 * adds users. The core lists users only to an admin: a supervisor unlocks a
 * locked user by badge. The core enforces who may do what
 * (auth_user_list_as, auth_user_unlock, auth_user_disable). */
#include "ui/app.h"

#include "core/kiosk_err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void load(struct app *a)
{
    struct admin_state *s = &a->admin;
    free(s->users);
    s->users = NULL;
    s->nusers = 0;
    int rc = auth_user_list_as(a->st, &a->actor, &s->users, &s->nusers);
    s->users_refused = rc == KIOSK_ERR_PERM;
    if (rc != 0) {
        s->users = NULL;
        s->nusers = 0;
        if (rc != KIOSK_ERR_PERM)
            app_toast(a, THEME_BAD, "Could not list users: %s.", kiosk_strerror(rc));
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
    int lh = ui_font_h(c, UI_FONT_BOLD) + ui_font_h(c, UI_FONT_SMALL);
    int y = r.y + (r.h - lh) / 2;
    ui_text(c, r.x + pad, y, UI_FONT_BOLD, t->text, u->name);
    char info[96];
    snprintf(info, sizeof info, "badge %s \xc2\xb7 %s", u->badge, auth_role_name(u->role));
    ui_text(c, r.x + pad, y + ui_font_h(c, UI_FONT_BOLD), UI_FONT_SMALL, t->text_dim, info);
    const char *st = u->disabled ? "Disabled" : u->locked ? "Locked" : "Active";
    int sw = ui_text_w(c, UI_FONT_SMALL, st) + ui_text_w(c, UI_FONT_SMALL, "XXXX");
    w_status(c, r.x + r.w - sw - pad, r.y + (r.h - ui_font_h(c, UI_FONT_SMALL)) / 2 - ui_px(c, 4),
             UI_FONT_SMALL, u->disabled || u->locked ? THEME_BAD : THEME_OK, st);
    (void)focused;
}

/* The add-user form (admin): the core checks the badge, name and PIN policy. */
static void add_form(struct app *a, struct ui_rect r)
{
    struct ui_ctx *c = &a->ui;
    struct admin_state *s = &a->admin;
    int pad = theme_pad(c);
    struct w_field bf = {.label = "Badge",
                         .buf = s->new_badge,
                         .cap = sizeof s->new_badge,
                         .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
                         .upper = true};
    struct w_field nf = {.label = "Name as shown", .buf = s->new_name, .cap = sizeof s->new_name};
    struct w_field pf = {.label = "First PIN (6+ digits)",
                         .buf = s->new_pin,
                         .cap = sizeof s->new_pin,
                         .allow = "0123456789",
                         .masked = true,
                         .error = s->message[0] ? s->message : NULL};
    w_textfield(c, ui_cut_top(&r, w_textfield_h(c)), &bf);
    w_textfield(c, ui_cut_top(&r, w_textfield_h(c)), &nf);
    w_textfield(c, ui_cut_top(&r, w_textfield_h(c)), &pf);
    static const enum auth_role roles[] = {AUTH_ROLE_DEPUTY, AUTH_ROLE_COMMS, AUTH_ROLE_SUPERVISOR,
                                           AUTH_ROLE_ADMIN, AUTH_ROLE_AUDITOR};
    struct ui_rect row = ui_cut_top(&r, theme_row_h(c));
    int bw = (row.w - 4 * ui_px(c, 4)) / 5;
    for (int i = 0; i < 5; i++)
        if (w_button_n(c, ui_rect(row.x + i * (bw + ui_px(c, 4)), row.y, bw, row.h),
                       auth_role_name(roles[i]), i, s->new_role == roles[i] ? W_PRIMARY : W_NORMAL))
            s->new_role = roles[i];
    ui_cut_top(&r, pad);
    struct ui_rect b = ui_cut_top(&r, theme_primary_h(c));
    bool ok = s->new_badge[0] && s->new_name[0] && s->new_pin[0] && s->new_role;
    if (w_button(c, ui_rect(b.x, b.y, b.w / 2 - pad / 2, b.h), "Add user",
                 ok ? W_PRIMARY : W_DISABLED)) {
        char msg[200] = "";
        int rc = auth_user_add(a->st, &a->actor, s->new_badge, s->new_name, s->new_role, s->new_pin,
                               NULL, msg, sizeof msg);
        memset(s->new_pin, 0, sizeof s->new_pin);
        if (rc == 0) {
            app_toast(a, THEME_OK, "User %s added.", s->new_badge);
            s->adding = false;
            s->message[0] = 0;
            s->setting_sel = -1; /* no button stays armed for another user */
            s->confirm_disable = false;
            load(a);
        } else {
            snprintf(s->message, sizeof s->message, "%s", msg[0] ? msg : kiosk_strerror(rc));
        }
    }
    if (w_button(c, ui_rect(b.x + b.w / 2 + pad / 2, b.y, b.w / 2 - pad / 2, b.h), "Cancel",
                 W_NORMAL))
        s->adding = false;
}

/* For an actor the core does not list users to (a supervisor): unlock a
 * user by badge; the core decides. */
static void unlock_by_badge(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct admin_state *s = &a->admin;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    int used = w_label_wrap(c, body, UI_FONT_BODY, t->text,
                            "Only an admin sees the list of users. To unlock a user locked after "
                            "wrong PINs, type the badge number.");
    ui_cut_top(&body, used + pad * 2);
    struct w_field bf = {.label = "Badge to unlock",
                         .buf = s->unlock_badge,
                         .cap = sizeof s->unlock_badge,
                         .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
                         .upper = true};
    struct ui_rect fr = ui_cut_top(&body, w_textfield_h(c));
    fr.w = fr.w / 2;
    bool go = w_textfield(c, fr, &bf);
    ui_cut_top(&body, pad);
    struct ui_rect b = ui_cut_top(&body, theme_primary_h(c));
    b.w = fr.w;
    if (w_button(c, b, "Unlock", s->unlock_badge[0] ? W_PRIMARY : W_DISABLED))
        go = true;
    if (go && s->unlock_badge[0]) {
        int rc = auth_user_unlock(a->st, &a->actor, s->unlock_badge);
        if (rc == 0) {
            app_toast(a, THEME_OK, "User %s unlocked.", s->unlock_badge);
            s->unlock_badge[0] = 0;
        } else {
            app_toast(a, THEME_BAD, "Refused: %s.", kiosk_strerror(rc));
        }
    }
    if (a->osk)
        w_keyboard(c, kb);
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct admin_state *s = &a->admin;
    int pad = theme_pad(c);
    if (s->users_refused) {
        unlock_by_badge(a, body);
        return;
    }
    struct ui_rect kb = {0};
    if (a->osk && s->adding)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    struct ui_rect act = ui_cut_right(&body, body.w * (s->adding ? 45 : 30) / 100);
    ui_cut_right(&body, pad);
    if (s->adding) {
        w_list(c, body, &s->list, (int)s->nusers, theme_row_h(c) + ui_px(c, 8), "users", draw_row,
               a);
        add_form(a, act);
        if (a->osk)
            w_keyboard(c, kb);
        return;
    }
    if (app_has_role(a, AUTH_ROLE_ADMIN)) {
        struct ui_rect ab = ui_cut_top(&act, theme_row_h(c));
        if (w_button(c, ab, "Add a user", W_NORMAL)) {
            s->adding = true;
            s->new_badge[0] = s->new_name[0] = 0;
            memset(s->new_pin, 0, sizeof s->new_pin);
            s->new_role = AUTH_ROLE_DEPUTY;
            s->message[0] = 0;
            ui_set_focus(c, ui_id(c, "Badge", 0x7e47));
        }
        ui_cut_top(&act, pad);
    }
    int pick = w_list(c, body, &s->list, (int)s->nusers, theme_row_h(c) + ui_px(c, 8), "users",
                      draw_row, a);
    if (pick >= 0) {
        s->setting_sel = pick;
        s->confirm_disable = false;
    }
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
    bool self = strcmp(u->badge, a->actor.badge) == 0; /* the core refuses that */
    if (!u->disabled && !self && app_has_role(a, AUTH_ROLE_ADMIN)) {
        /* Asked once more, and undoable (Re-enable). */
        if (!s->confirm_disable) {
            if (w_button(c, ui_cut_top(&act, bh), "Disable\xe2\x80\xa6", W_DANGER))
                s->confirm_disable = true;
        } else {
            char q[200];
            snprintf(q, sizeof q, "Disable %s? They can no longer sign in until re-enabled.",
                     u->name);
            int used = w_label_wrap(c, ui_rect(act.x, act.y, act.w, ui_font_h(c, UI_FONT_BOLD) * 3),
                                    UI_FONT_BOLD, theme_get()->warn, q);
            ui_cut_top(&act, used + pad / 2);
            struct ui_rect row = ui_cut_top(&act, bh);
            int bw = (row.w - pad) / 2;
            if (w_button(c, ui_rect(row.x, row.y, bw, bh), "Keep", W_NORMAL))
                s->confirm_disable = false;
            if (w_button(c, ui_rect(row.x + bw + pad, row.y, bw, bh), "Yes, disable", W_DANGER)) {
                rc = auth_user_disable(a->st, &a->actor, u->badge);
                s->confirm_disable = false;
            }
        }
    }
    if (u->disabled && app_has_role(a, AUTH_ROLE_ADMIN) &&
        w_button(c, ui_cut_top(&act, bh), "Re-enable", W_PRIMARY))
        rc = auth_user_enable(a->st, &a->actor, u->badge);
    if (rc == 0) {
        app_toast(a, THEME_OK, "Done.");
        load(a);
    } else if (rc < 0) {
        app_toast(a, THEME_BAD, "Refused: %s.", kiosk_strerror(rc));
    }
}

static void enter(struct app *a)
{
    a->admin.adding = false;
    a->admin.setting_sel = -1;
    a->admin.confirm_disable = false;
    a->admin.unlock_badge[0] = 0;
    load(a);
}

const struct screen screen_users = {
    .title = "Users",
    .roles = AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR,
    .enter = enter,
    .frame = frame,
    .leave = leave,
};
