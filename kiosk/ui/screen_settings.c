/* Settings (admin): every setting the core knows, in words with its unit,
 * and a control that fits it: a stepper for minutes, hours and days, an
 * on/off toggle, a text field for the desk phone, ORI and kiosk name. The
 * core validates and audits each change (store_setting_set); a setting this
 * screen does not know yet gets a text field under its own name. */
#include "ui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { S_NUMBER, S_TOGGLE, S_TEXT };

static const struct {
    const char *key, *words, *unit;
    enum kind kind;
    int lo, hi, step;
} known[] = {
    {"queue_sla_min", "Time to send a request to MULES", "min", S_NUMBER, 1, 10080, 5},
    {"response_sla_min", "Time for ICE to answer", "min", S_NUMBER, 1, 10080, 5},
    {"statutory_hours", "Booking to IAQ sent (RSMo 544.472)", "h", S_NUMBER, 1, 720, 1},
    {"consular_escalate_hours", "Consular notice: escalate after", "h", S_NUMBER, 1, 720, 1},
    {"consular_overdue_hours", "Consular notice: overdue after", "h", S_NUMBER, 1, 720, 1},
    {"idle_lock_min", "Lock the screen when idle for", "min", S_NUMBER, 1, 10080, 1},
    {"reauth_hours", "Sign in again after", "h", S_NUMBER, 1, 720, 1},
    {"retention_days", "Keep closed intakes for", "days", S_NUMBER, 1, 36500, 30},
    {"cosign_required", "Supervisor co-signs \"personally known\"", "", S_TOGGLE, 0, 1, 1},
    {"desk_phone", "Booking desk phone (IAQ PHN/)", "", S_TEXT, 0, 0, 0},
    {"ori", "Agency ORI (IAQ header)", "", S_TEXT, 0, 0, 0},
    {"kiosk_id", "This kiosk's name (audit)", "", S_TEXT, 0, 0, 0},
};

static int find(const char *key)
{
    for (int i = 0; i < (int)(sizeof known / sizeof known[0]); i++)
        if (strcmp(known[i].key, key) == 0)
            return i;
    return -1;
}

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

/* The value in words: "15 min", "On", the text, or "not set". */
static void value_words(const char *key, const char *val, char *out, size_t len)
{
    int k = find(key);
    if (k >= 0 && known[k].kind == S_TOGGLE)
        snprintf(out, len, "%s", strcmp(val, "1") == 0 || strcmp(val, "true") == 0 ? "On" : "Off");
    else if (k >= 0 && known[k].kind == S_NUMBER)
        snprintf(out, len, "%s %s", val, known[k].unit);
    else
        snprintf(out, len, "%s", val[0] ? val : "not set");
}

static void draw_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const char *name = store_setting_names()[i];
    char val[64] = "", words[96];
    store_setting_text(&a->admin.settings, name, val, sizeof val);
    value_words(name, val, words, sizeof words);
    int k = find(name);
    int y = r.y + (r.h - ui_font_h(c, UI_FONT_BODY)) / 2;
    ui_text(c, r.x + theme_pad(c), y, UI_FONT_BODY, t->text, k >= 0 ? known[k].words : name);
    ui_text(c, r.x + r.w - ui_text_w(c, UI_FONT_BOLD, words) - theme_pad(c), y, UI_FONT_BOLD,
            t->focus, words);
    (void)focused;
}

static void save(struct app *a, const char *name, const char *label)
{
    struct admin_state *s = &a->admin;
    char msg[200] = "";
    if (store_setting_set(a->st, &a->actor, name, s->setting_value, msg, sizeof msg) == 0) {
        store_settings_get(a->st, &s->settings);
        store_settings_get(a->st, &a->settings);
        app_toast(a, THEME_OK, "Saved: %s.", label);
        s->message[0] = 0;
    } else {
        snprintf(s->message, sizeof s->message, "%s", msg[0] ? msg : "Refused.");
    }
}

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct admin_state *s = &a->admin;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    struct ui_rect kb = {0};
    int k = s->setting_sel >= 0 ? find(store_setting_names()[s->setting_sel]) : -1;
    bool typing = s->setting_sel >= 0 && (k < 0 || known[k].kind == S_TEXT);
    if (a->osk && typing)
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
    if (s->setting_sel < 0) {
        w_label_wrap(c, ed, UI_FONT_BODY, t->text_dim, "Pick a setting to change it.");
        return;
    }
    const char *name = store_setting_names()[s->setting_sel];
    const char *label = k >= 0 ? known[k].words : name;
    int used = w_label_wrap(c, ui_rect(ed.x, ed.y, ed.w, ui_font_h(c, UI_FONT_BOLD) * 2),
                            UI_FONT_BOLD, t->text, label);
    ui_cut_top(&ed, used + pad);
    int rh = theme_row_h(c);
    if (k >= 0 && known[k].kind == S_NUMBER) {
        /* A stepper: - value unit +, in the setting's own steps. */
        struct ui_rect row = ui_cut_top(&ed, rh);
        int v = atoi(s->setting_value);
        int step = known[k].step;
        if (w_button(c, ui_rect(row.x, row.y, rh * 2, rh), "\xe2\x88\x92", W_NORMAL))
            v = v - step < known[k].lo ? known[k].lo : v - step;
        if (w_button(c, ui_rect(row.x + row.w - rh * 2, row.y, rh * 2, rh), "+", W_NORMAL))
            v = v + step > known[k].hi ? known[k].hi : v + step;
        snprintf(s->setting_value, sizeof s->setting_value, "%d", v);
        char shown[48];
        snprintf(shown, sizeof shown, "%d %s", v, known[k].unit);
        int tw = ui_text_w(c, UI_FONT_LARGE, shown);
        ui_text(c, row.x + (row.w - tw) / 2, row.y + (rh - ui_font_h(c, UI_FONT_LARGE)) / 2,
                UI_FONT_LARGE, t->text, shown);
    } else if (k >= 0 && known[k].kind == S_TOGGLE) {
        bool on = strcmp(s->setting_value, "1") == 0 || strcmp(s->setting_value, "true") == 0;
        if (w_toggle(c, ui_cut_top(&ed, rh), label, &on))
            snprintf(s->setting_value, sizeof s->setting_value, "%s", on ? "1" : "0");
    } else {
        struct w_field f = {
            .label = label, .buf = s->setting_value, .cap = sizeof s->setting_value};
        if (w_textfield(c, ui_cut_top(&ed, w_textfield_h(c)), &f))
            save(a, name, label);
    }
    ui_cut_top(&ed, pad);
    w_message(c, ui_cut_top(&ed, w_message_h(c)), THEME_BAD, s->message);
    ui_cut_top(&ed, pad);
    if (w_button(c, ui_cut_top(&ed, theme_primary_h(c)), "Save", W_PRIMARY))
        save(a, name, label);
    if (a->osk && typing)
        w_keyboard(c, kb);
}

const struct screen screen_settings = {
    .title = "Settings",
    .roles = AUTH_ROLE_ADMIN,
    .enter = enter,
    .frame = frame,
};
