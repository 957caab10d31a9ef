/* Settings (admin): every setting the core knows, its current value, and an
 * editor; the core validates and audits each change (store_setting_set). */
#include "ui/app.h"

#include <stdio.h>
#include <string.h>

static void enter(struct app *a)
{
    store_settings_get(a->st, &a->admin.settings);
    a->admin.setting_sel = -1;
    a->admin.setting_value[0] = 0;
    a->admin.message[0] = 0;
}

static int count_names(void)
{
    const char *const *n = store_setting_names();
    int k = 0;
    while (n[k])
        k++;
    return k;
}

static void draw_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const char *name = store_setting_names()[i];
    char val[64] = "";
    store_setting_text(&a->admin.settings, name, val, sizeof val);
    int y = r.y + (r.h - ui_font_h(c, UI_FONT_BODY)) / 2;
    ui_text(c, r.x + theme_pad(c), y, UI_FONT_MONO, t->text, name);
    ui_text(c, r.x + r.w * 55 / 100, y, UI_FONT_BOLD, t->focus, val[0] ? val : "\xe2\x80\x94");
    (void)focused;
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct admin_state *s = &a->admin;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    if (a->osk)
        kb = ui_cut_bottom(&body, w_keyboard_h(c));
    struct ui_rect ed = ui_cut_right(&body, body.w * 40 / 100);
    ui_cut_right(&body, pad);
    int pick = w_list(c, body, &s->list, count_names(), theme_row_h(c), "settings", draw_row, a);
    if (pick >= 0) {
        s->setting_sel = pick;
        store_setting_text(&s->settings, store_setting_names()[pick], s->setting_value,
                           sizeof s->setting_value);
        s->message[0] = 0;
    }
    if (s->setting_sel >= 0) {
        const char *name = store_setting_names()[s->setting_sel];
        struct w_field f = {.label = name,
                            .buf = s->setting_value,
                            .cap = sizeof s->setting_value,
                            .error = s->message[0] ? s->message : NULL};
        bool go = w_textfield(c, ui_cut_top(&ed, w_textfield_h(c)), &f);
        if (w_button(c, ui_cut_top(&ed, theme_primary_h(c)), "Save", W_PRIMARY) || go) {
            char msg[200] = "";
            if (store_setting_set(a->st, &a->actor, name, s->setting_value, msg, sizeof msg) == 0) {
                store_settings_get(a->st, &s->settings);
                store_settings_get(a->st, &a->settings);
                app_toast(a, THEME_OK, "%s saved.", name);
                s->message[0] = 0;
            } else {
                snprintf(s->message, sizeof s->message, "%s", msg[0] ? msg : "Refused.");
            }
        }
    } else {
        w_label_wrap(c, ed, UI_FONT_BODY, t->text_dim, "Pick a setting to change it.");
    }
    if (a->osk)
        w_keyboard(c, kb);
}

const struct screen screen_settings = {
    .title = "Settings",
    .roles = AUTH_ROLE_ADMIN,
    .enter = enter,
    .frame = frame,
};
