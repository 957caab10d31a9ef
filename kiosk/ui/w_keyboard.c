/* On-screen keyboard widget: letters, digits and the NCIC name characters
 * (space, hyphen, comma), typing into the focused text field. Keys never
 * take focus, so the field keeps it while you type. */
#include "ui/widgets.h"

#include <string.h>

static const char *const rows[] = {"1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM,/"};

int w_keyboard_h(struct ui_ctx *ctx)
{
    return 5 * (theme_row_h(ctx) + ui_px(ctx, 4));
}

static bool key(struct ui_ctx *ctx, struct ui_rect r, const char *label, int n, bool live)
{
    const struct theme *t = theme_get();
    uint32_t id = ui_id(ctx, "osk", n);
    bool hit = live && ui_interact(ctx, id, r, false);
    struct ui_color bg = live ? t->button : t->disabled;
    if (live && ctx->active == id && ctx->pointer_down && ui_inside(ctx, r))
        bg = t->primary;
    ui_fill(ctx, r, bg);
    ui_frame(ctx, r, t->border, 1);
    int tw = ui_text_w(ctx, UI_FONT_BOLD, label);
    ui_text(ctx, r.x + (r.w - tw) / 2, r.y + (r.h - ui_font_h(ctx, UI_FONT_BOLD)) / 2, UI_FONT_BOLD,
            live ? t->button_text : t->disabled_text, label);
    return hit;
}

bool w_keyboard(struct ui_ctx *ctx, struct ui_rect r)
{
    bool live = ctx->focus_text != NULL;
    bool enter = false;
    int gap = ui_px(ctx, 4);
    int kh = theme_row_h(ctx);
    int kw = (r.w - 10 * gap) / 10;
    for (int ri = 0; ri < 4; ri++) {
        const char *row = rows[ri];
        int n = (int)strlen(row);
        int x = r.x + (r.w - (n * (kw + gap))) / 2;
        if (ri == 3)
            x = r.x; /* leave room for Backspace */
        int y = r.y + ri * (kh + gap);
        for (int i = 0; i < n; i++) {
            char label[2] = {row[i], 0};
            if (key(ctx, ui_rect(x + i * (kw + gap), y, kw, kh), label, (unsigned char)row[i],
                    live))
                w_text_insert(ctx->focus_text, ctx->focus_text_cap, ctx->focus_allow,
                              ctx->focus_upper, label);
        }
        if (ri == 3) {
            int bx = x + n * (kw + gap);
            if (key(ctx, ui_rect(bx, y, r.x + r.w - bx, kh), "\xe2\x8c\xab Delete", 1, live))
                w_text_backspace(ctx->focus_text);
        }
    }
    int y = r.y + 4 * (kh + gap);
    int sw = r.w * 6 / 10;
    if (key(ctx, ui_rect(r.x, y, sw, kh), "Space", 2, live))
        w_text_insert(ctx->focus_text, ctx->focus_text_cap, ctx->focus_allow, ctx->focus_upper,
                      " ");
    if (key(ctx, ui_rect(r.x + sw + gap, y, r.w - sw - gap, kh), "Enter \xe2\x86\xb5", 3, live))
        enter = true;
    return enter;
}
