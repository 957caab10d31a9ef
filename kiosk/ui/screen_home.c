/* Home screen: one large button per task the signed-in role may do. The
 * core enforces the roles again on every action; this only hides what a
 * role cannot use. */
#include "ui/app.h"

#include <stdio.h>

static const struct {
    const char *label, *hint;
    enum screen_id screen;
    unsigned roles;
} tiles[] = {
    {"New intake", "A person presented for incarceration", SCREEN_INTAKE,
     AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR},
    {"Status board", "Open checks, clocks, answers", SCREEN_BOARD,
     AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_COMMS | AUTH_ROLE_ADMIN},
    {"Comms queue", "Key requests into MULES, record answers", SCREEN_COMMS,
     AUTH_ROLE_COMMS | AUTH_ROLE_SUPERVISOR},
    {"History", "Every intake, search, timeline", SCREEN_HISTORY,
     AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN | AUTH_ROLE_AUDITOR},
    {"Shift handover", "What this shift leaves open", SCREEN_SHIFT,
     AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_ADMIN | AUTH_ROLE_AUDITOR},
    {"Backlog", "Counts, overdue items, turnaround", SCREEN_BACKLOG,
     AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR | AUTH_ROLE_AUDITOR},
    {"Users", "Unlock and disable users", SCREEN_USERS, AUTH_ROLE_ADMIN | AUTH_ROLE_SUPERVISOR},
    {"Audit review", "Chain check and weekly review", SCREEN_AUDIT,
     AUTH_ROLE_AUDITOR | AUTH_ROLE_ADMIN},
    {"Settings", "Clocks, idle lock, phone, co-sign", SCREEN_SETTINGS, AUTH_ROLE_ADMIN},
    {"Help", "The policy in plain words; U/T visas", SCREEN_HELP, 0},
};

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    int n = 0;
    int idx[16];
    for (int i = 0; i < (int)(sizeof tiles / sizeof tiles[0]); i++)
        if (tiles[i].roles == 0 || app_has_role(a, tiles[i].roles))
            idx[n++] = i;
    int cols = n > 4 ? 3 : 2;
    if (c->width < c->height)
        cols = 2;
    int rows = (n + cols - 1) / cols;
    int th = (body.h - (rows - 1) * pad) / rows;
    int max_h = theme_primary_h(c) * 2;
    if (th > max_h)
        th = max_h;
    int tw = (body.w - (cols - 1) * pad) / cols;
    for (int k = 0; k < n; k++) {
        int i = idx[k];
        struct ui_rect r =
            ui_rect(body.x + (k % cols) * (tw + pad), body.y + (k / cols) * (th + pad), tw, th);
        if (w_button(c, r, tiles[i].label, k == 0 ? W_PRIMARY : W_NORMAL))
            app_push(a, tiles[i].screen);
        int hw = ui_text_w(c, UI_FONT_SMALL, tiles[i].hint);
        ui_text(c, r.x + (r.w - hw) / 2, r.y + r.h - ui_font_h(c, UI_FONT_SMALL) - pad,
                UI_FONT_SMALL, k == 0 ? t->primary_text : t->text_dim, tiles[i].hint);
    }
}

const struct screen screen_home = {
    .title = "Home",
    .roles = 0,
    .frame = frame,
};
