/* Home screen: one large button per task the signed-in role may do. The
 * core enforces the roles again on every action; this only hides what a
 * role cannot use. */
#include "ui/answer.h"
#include "ui/app.h"

#include <stdio.h>
#include <stdlib.h>

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

/* How many ICE answers wait for booking staff, and the most alarming one
 * (read on entry, never per frame). */
static void enter(struct app *a)
{
    a->home_answers = 0;
    a->home_answer_status = THEME_OK;
    if (!app_has_role(a, AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR))
        return;
    struct request_row *rows = NULL;
    size_t n = 0;
    if (request_list(a->st, &a->actor, REQUEST_RESPONDED, &rows, &n) != 0)
        return;
    a->home_answers = (int)n;
    for (size_t i = 0; i < n; i++) {
        enum theme_status st = answer_status(rows[i].disposition);
        if (st == THEME_BAD || (st == THEME_WARN && a->home_answer_status != THEME_BAD) ||
            (st == THEME_INFO && a->home_answer_status == THEME_OK))
            a->home_answer_status = st;
    }
    free(rows);
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    if (a->home_answers > 0) {
        /* The answers are the outcome: first, coloured by the worst. */
        char line[96];
        snprintf(line, sizeof line, "%d ICE answer%s waiting \xe2\x80\x94 open the status board",
                 a->home_answers, a->home_answers == 1 ? "" : "s");
        struct ui_rect r = ui_cut_top(&body, theme_row_h(c));
        ui_cut_top(&body, pad);
        enum w_style st = a->home_answer_status == THEME_BAD  ? W_DANGER
                          : a->home_answer_status == THEME_OK ? W_OK
                                                              : W_PRIMARY;
        if (w_button(c, r, line, st)) {
            a->board.filter = REQUEST_RESPONDED;
            app_push(a, SCREEN_BOARD);
        }
    }
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
    .enter = enter,
    .frame = frame,
};
