/* The searchable country picker shared by the IAQ form and the nationality
 * step of the exemption paths, and the nationality line those exemption
 * screens show. Nationality decides nothing here: the core opens the
 * consular record for any foreign nationality (policy section II.B.6). */
#include "ui/app.h"
#include "ui/code_search.h"

#include <stdio.h>
#include <string.h>

void app_place_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused)
{
    struct app *a = user;
    const struct theme *t = theme_get();
    const struct code_place *p = a->flow.picks[i];
    int pad = theme_pad(c);
    int y = r.y + (r.h - ui_font_h(c, UI_FONT_BODY)) / 2;
    ui_text(c, r.x + pad, y, UI_FONT_MONO, t->focus, p->code);
    char line[160], name[128];
    snprintf(line, sizeof line, "%s \xe2\x80\x94 %s", code_place_short_name(p, name, sizeof name),
             code_place_kind_label(p->kind));
    ui_text(c, r.x + pad + ui_text_w(c, UI_FONT_MONO, "XX  "), y, UI_FONT_BODY, t->text, line);
    (void)focused;
}

void app_nationality_picker(struct app *a, struct ui_rect r, struct ui_rect list_r,
                            const char *label, const char *error, char (*nat)[4])
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    char before[sizeof f->picker_search];
    snprintf(before, sizeof before, "%s", f->picker_search);
    struct w_field sf = {.label = label,
                         .buf = f->picker_search,
                         .cap = sizeof f->picker_search,
                         .allow = "ABCDEFGHIJKLMNOPQRSTUVWXYZ -",
                         .upper = true,
                         .error = error,
                         .hint = "e.g. MEXICO or MX"};
    w_textfield(c, ui_cut_top(&r, w_textfield_h(c)), &sf);
    if (strcmp(before, f->picker_search) != 0) {
        f->npicks = code_search_place(f->picker_search, true, f->picks, 64);
        f->picker_list.first = 0;
    }
    struct ui_rect chips = ui_cut_top(&r, theme_row_h(c));
    int x = chips.x, rm = -1;
    for (int k = 0; k < IAQ_NATIONALITY_MAX && nat[k][0]; k++) {
        char lab[160], name[128] = "";
        const struct code_place *np = codes_place_find(nat[k]);
        if (np)
            code_place_short_name(np, name, sizeof name);
        snprintf(lab, sizeof lab, "%s %s \xe2\x9c\x96", nat[k], name);
        int w = ui_text_w(c, UI_FONT_BOLD, lab) + 2 * pad;
        if (w_button_n(c, ui_rect(x, chips.y, w, chips.h), lab, k, W_NORMAL))
            rm = k;
        x += w + pad;
    }
    if (!nat[0][0])
        ui_text(c, chips.x, chips.y + pad, UI_FONT_SMALL, t->text_dim,
                "None recorded. Add every nationality the person has.");
    if (rm >= 0) {
        for (int k = rm; k + 1 < IAQ_NATIONALITY_MAX; k++)
            memcpy(nat[k], nat[k + 1], sizeof nat[k]);
        nat[IAQ_NATIONALITY_MAX - 1][0] = 0;
    }
    ui_cut_top(&r, pad / 2);
    int pick = w_list(c, list_r.w > 0 ? list_r : r, &f->picker_list, f->npicks, theme_row_h(c),
                      "place", app_place_row, a);
    if (pick >= 0) {
        const struct code_place *p = f->picks[pick];
        int k = 0;
        while (k < IAQ_NATIONALITY_MAX && nat[k][0] && strcmp(nat[k], p->code) != 0)
            k++;
        if (k < IAQ_NATIONALITY_MAX && !nat[k][0])
            snprintf(nat[k], sizeof nat[k], "%s", p->code);
        f->picker_search[0] = 0;
        f->npicks = 0;
    }
}

int app_nationality_row(struct app *a, struct ui_rect r)
{
    struct ui_ctx *c = &a->ui;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    char(*nat)[4] = a->flow.iaq.nationality;
    char val[256] = "";
    for (int k = 0; k < IAQ_NATIONALITY_MAX && nat[k][0]; k++) {
        size_t n = strlen(val);
        char name[128] = "";
        const struct code_place *np = codes_place_find(nat[k]);
        if (np)
            code_place_short_name(np, name, sizeof name);
        snprintf(val + n, sizeof val - n, "%s%s %s", k ? ", " : "", nat[k], name);
    }
    int rh = theme_row_h(c);
    int bw = ui_text_w(c, UI_FONT_BOLD, "Nationality\xe2\x80\xa6") + 4 * pad;
    ui_text(c, r.x, r.y, UI_FONT_SMALL, t->text_dim, "Nationality (consular notification)");
    int y = r.y + ui_font_h(c, UI_FONT_SMALL) + ui_px(c, 2);
    ui_text(c, r.x, y + (rh - ui_font_h(c, UI_FONT_BOLD)) / 2, UI_FONT_BOLD,
            val[0] ? t->text : t->text_dim,
            val[0]                          ? (strcmp(val, "US") ? val : "US citizen")
            : a->flow.nationality_not_known ? "Not known"
                                            : "Not asked yet");
    if (w_button(c, ui_rect(r.x + r.w - bw, y, bw, rh), "Nationality\xe2\x80\xa6", W_NORMAL))
        app_push(a, SCREEN_NATIONALITY);
    return y + rh - r.y;
}
