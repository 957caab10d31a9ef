/* Locked / sign-in screen: the CJIS-style use banner, badge scan or user
 * pick (badge and name only, from auth_user_pick_list), then a masked PIN
 * with a PIN pad. The core decides (auth_sign_in):
 * wrong PIN, lockout after 5 failures, disabled users. Shows nothing of the
 * work in progress behind an idle lock. */
#include "ui/app.h"

#include "core/kiosk_err.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char banner[] =
    "AUTHORIZED USE ONLY. This is a law-enforcement system holding Criminal Justice "
    "Information. Use it only for official business of this department and only "
    "for persons presented for incarceration. Every sign-in and action is recorded "
    "and reviewed. Unauthorized access or use is prohibited and may lead to "
    "criminal prosecution and discipline. By signing in you consent to this "
    "monitoring.";

static void load_users(struct app *a)
{
    struct signin_state *s = &a->signin;
    free(s->users);
    s->users = NULL;
    s->nusers = 0;
    if (auth_user_pick_list(a->st, &s->users, &s->nusers) != 0) {
        s->users = NULL;
        s->nusers = 0;
    }
}

static void enter(struct app *a)
{
    struct signin_state *s = &a->signin;
    bool idle = s->idle_locked;
    memset(s->pin, 0, sizeof s->pin);
    s->badge[0] = 0;
    s->list.first = 0;
    load_users(a);
    if (idle) {
        snprintf(s->message, sizeof s->message,
                 "Locked: no one used the kiosk for a while. Sign in again to continue.");
        s->message_kind = THEME_INFO;
    } else if (s->message_kind != THEME_BAD) {
        s->message[0] = 0;
    }
    s->idle_locked = false;
}

static void leave(struct app *a)
{
    struct signin_state *s = &a->signin;
    free(s->users);
    s->users = NULL;
    s->nusers = 0;
    memset(s->pin, 0, sizeof s->pin);
}

static const struct auth_pick *find_user(struct app *a, const char *badge)
{
    for (size_t i = 0; i < a->signin.nusers; i++)
        if (strcmp(a->signin.users[i].badge, badge) == 0)
            return &a->signin.users[i];
    return NULL;
}

static void pick_badge(struct app *a, const char *badge)
{
    struct signin_state *s = &a->signin;
    snprintf(s->badge, sizeof s->badge, "%s", badge);
    memset(s->pin, 0, sizeof s->pin);
    s->badge_entry[0] = 0;
    s->message[0] = 0;
    ui_set_focus(&a->ui, ui_id(&a->ui, "PIN", 0x7e47));
}

static void try_sign_in(struct app *a)
{
    struct signin_state *s = &a->signin;
    struct auth_actor actor;
    int rc = auth_sign_in(a->st, s->badge, s->pin, &actor);
    memset(s->pin, 0, sizeof s->pin);
    if (rc == 0) {
        s->message[0] = 0;
        s->message_kind = THEME_OK;
        app_signed_in(a, &actor);
        return;
    }
    s->message_kind = THEME_BAD;
    if (rc == KIOSK_ERR_LOCKED)
        snprintf(s->message, sizeof s->message,
                 "This user is locked after %d wrong PINs. A supervisor must unlock it.",
                 AUTH_LOCK_FAILURES);
    else if (rc == KIOSK_ERR_PERM)
        snprintf(s->message, sizeof s->message, "Wrong PIN, or this badge may not sign in.");
    else
        snprintf(s->message, sizeof s->message, "Sign-in failed: %s.", kiosk_strerror(rc));
    ui_set_focus(&a->ui, ui_id(&a->ui, "PIN", 0x7e47));
}

static void draw_user_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const struct auth_pick *u = &a->signin.users[i];
    int pad = theme_pad(c);
    int y = r.y + (r.h - ui_font_h(c, UI_FONT_BOLD)) / 2;
    ui_text(c, r.x + pad, y, UI_FONT_BOLD, t->text, u->name);
    char info[64];
    snprintf(info, sizeof info, "badge %s", u->badge);
    ui_text(c, r.x + r.w / 2, y, UI_FONT_BODY, t->text_dim, info);
    (void)focused;
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct signin_state *s = &a->signin;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect left = ui_cut_left(&body, body.w * 45 / 100);
    ui_cut_left(&body, pad * 2);
    struct ui_rect right = body;

    /* Banner. */
    ui_fill(c, left, t->banner);
    ui_frame(c, left, t->warn, ui_px(c, 3));
    struct ui_rect in = ui_inset(left, pad * 2);
    w_status(c, in.x, in.y, UI_FONT_BOLD, THEME_WARN, "WARNING \xe2\x80\x94 CJIS SYSTEM");
    ui_cut_top(&in, ui_font_h(c, UI_FONT_BOLD) + pad * 3);
    int used = w_label_wrap(c, in, UI_FONT_BODY, t->text, banner);
    ui_cut_top(&in, used + pad * 2);
    if (a->opts.demo) {
        ui_text(c, in.x, in.y, UI_FONT_BOLD, t->warn, "Demo users (demo only): badge, PIN, role");
        ui_cut_top(&in, ui_font_h(c, UI_FONT_BOLD) + pad / 2);
        char line[160];
        for (int i = 0; i < app_demo_user_count(); i++) {
            ui_text(c, in.x, in.y, UI_FONT_MONO, t->text, app_demo_user_line(i, line, sizeof line));
            ui_cut_top(&in, ui_font_h(c, UI_FONT_MONO) + ui_px(c, 2));
        }
    }

    /* Message: its place is kept empty when there is none, so the list,
     * the PIN pad and the buttons never move when one appears. */
    w_message(c, ui_cut_top(&right, w_message_h(c)), s->message_kind, s->message);
    ui_cut_top(&right, pad);

    if (!s->badge[0]) {
        ui_text(c, right.x, right.y, UI_FONT_LARGE, t->text, "Scan your badge or pick your name");
        ui_cut_top(&right, ui_font_h(c, UI_FONT_LARGE) + pad);
        struct w_field bf = {.label = "Badge number (or scan it)",
                             .buf = s->badge_entry,
                             .cap = sizeof s->badge_entry,
                             .allow = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
                             .upper = true};
        struct ui_rect fr = ui_cut_top(&right, w_textfield_h(c));
        fr.w = fr.w / 2;
        if (w_textfield(c, fr, &bf) && s->badge_entry[0]) {
            char badge[AUTH_BADGE_MAX];
            snprintf(badge, sizeof badge, "%s", s->badge_entry);
            pick_badge(a, badge);
            return;
        }
        ui_cut_top(&right, pad);
        int chosen = w_list(c, right, &s->list, (int)s->nusers, theme_row_h(c) + ui_px(c, 8),
                            "user", draw_user_row, a);
        if (chosen >= 0)
            pick_badge(a, s->users[chosen].badge);
        return;
    }

    const struct auth_pick *u = find_user(a, s->badge);
    char who[160];
    snprintf(who, sizeof who, "PIN for %s (badge %s)", u ? u->name : "badge", s->badge);
    ui_text(c, right.x, right.y, UI_FONT_LARGE, t->text, who);
    ui_cut_top(&right, ui_font_h(c, UI_FONT_LARGE) + pad);
    struct w_field pf = {
        .label = "PIN", .buf = s->pin, .cap = sizeof s->pin, .allow = "0123456789", .masked = true};
    struct ui_rect fr = ui_cut_top(&right, w_textfield_h(c));
    int padw = right.w < ui_px(c, 420) ? right.w : ui_px(c, 420);
    fr.w = padw;
    bool go = w_textfield(c, fr, &pf);
    ui_cut_top(&right, pad);
    struct ui_rect buttons = ui_cut_bottom(&right, theme_primary_h(c));
    struct ui_rect pad_r = ui_rect(right.x, right.y, padw, right.h - pad);
    if (w_pinpad(c, pad_r, s->pin, sizeof s->pin))
        go = true;
    int bw = padw / 2 - pad / 2;
    if (w_button(c, ui_rect(buttons.x, buttons.y, bw, buttons.h), "Cancel", W_NORMAL) ||
        ui_key(c, UI_KEY_ESCAPE)) {
        s->badge[0] = 0;
        memset(s->pin, 0, sizeof s->pin);
        return;
    }
    if (w_button(c, ui_rect(buttons.x + bw + pad, buttons.y, bw, buttons.h), "Sign in", W_PRIMARY))
        go = true;
    if (go && s->pin[0])
        try_sign_in(a);
}

static bool scan(struct app *a, const struct scan_event *ev)
{
    /* A badge barcode: printable, short. A licence is not a badge. */
    if (ev->length == 0 || ev->length >= AUTH_BADGE_MAX)
        return false;
    char badge[AUTH_BADGE_MAX];
    for (size_t i = 0; i < ev->length; i++) {
        unsigned char ch = ev->data[i];
        if (ch < 0x21 || ch > 0x7e) {
            sodium_memzero(badge, sizeof badge);
            return false;
        }
        badge[i] = (char)ch;
    }
    badge[ev->length] = 0;
    pick_badge(a, badge);
    sodium_memzero(badge, sizeof badge);
    return true;
}

const struct screen screen_signin = {
    .title = "Sign in",
    .roles = 0,
    .enter = enter,
    .frame = frame,
    .scan = scan,
    .leave = leave,
};
