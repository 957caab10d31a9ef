/* Date stepper widget: year, month and day each with − and + buttons that
 * step by one and never more (a year far off is typed in the date field
 * above the stepper, never reached by jumping decades), so a finger can
 * adjust a date without typing and no impossible date can come out:
 * after every step the day is moved back until the caller's calendar check
 * (the core's) accepts the date. Reads and writes YYYY-MM-DD in buf. */
#include "ui/widgets.h"

#include <stdio.h>
#include <string.h>

static void parse(const char *s, int *y, int *m, int *d)
{
    if (sscanf(s, "%4d-%2d-%2d", y, m, d) == 3)
        return;
    if (strlen(s) == 8 && sscanf(s, "%4d%2d%2d", y, m, d) == 3)
        return;
    *y = 1990;
    *m = 1;
    *d = 1;
}

int w_date_h(struct ui_ctx *ctx)
{
    return ui_font_h(ctx, UI_FONT_SMALL) + theme_row_h(ctx) + ui_px(ctx, 4);
}

bool w_date(struct ui_ctx *ctx, struct ui_rect r, char *buf, size_t cap,
            int (*valid)(int y, int m, int d), int min_year, int max_year)
{
    const struct theme *t = theme_get();
    int y, m, d;
    parse(buf, &y, &m, &d);
    static const char *const names[3] = {"Year", "Month", "Day"};
    int gap = ui_px(ctx, 8);
    int cw = (r.w - 2 * gap) / 3;
    int lh = ui_font_h(ctx, UI_FONT_SMALL);
    int rh = theme_row_h(ctx);
    bool changed = false;
    for (int i = 0; i < 3; i++) {
        int x = r.x + i * (cw + gap);
        ui_text(ctx, x, r.y, UI_FONT_SMALL, t->text_dim, names[i]);
        struct ui_rect row = ui_rect(x, r.y + lh + ui_px(ctx, 2), cw, rh);
        int bw = rh;
        char val[8];
        snprintf(val, sizeof val, i == 0 ? "%04d" : "%02d", i == 0 ? y : i == 1 ? m : d);
        int step = 0;
        if (w_button_n(ctx, ui_rect(row.x, row.y, bw, rh), "\xe2\x88\x92", 700 + i, W_NORMAL))
            step = -1;
        if (w_button_n(ctx, ui_rect(row.x + row.w - bw, row.y, bw, rh), "+", 710 + i, W_NORMAL))
            step = +1;
        ui_fill(ctx, ui_rect(row.x + bw, row.y, row.w - 2 * bw, rh), t->panel);
        int tw = ui_text_w(ctx, UI_FONT_LARGE, val);
        ui_text(ctx, row.x + (row.w - tw) / 2, row.y + (rh - ui_font_h(ctx, UI_FONT_LARGE)) / 2,
                UI_FONT_LARGE, t->text, val);
        if (!step)
            continue;
        changed = true;
        if (i == 0)
            y += step;
        else if (i == 1)
            m = (m - 1 + step + 12) % 12 + 1;
        else
            d = (d - 1 + step + 31) % 31 + 1;
    }
    if (!changed)
        return false;
    if (y < min_year)
        y = min_year;
    if (y > max_year)
        y = max_year;
    /* Never an impossible date: move the day back until the calendar agrees. */
    while (d > 1 && !valid(y, m, d))
        d--;
    if (!valid(y, m, d))
        return false;
    snprintf(buf, cap, "%04d-%02d-%02d", y, m, d);
    return true;
}
