/* PIN pad widget: a 3x4 numeric pad (digits, Delete, OK) with large keys
 * for gloved fingers. The PIN itself is shown masked by the caller. */
#include "ui/widgets.h"

#include <string.h>

bool w_pinpad(struct ui_ctx *ctx, struct ui_rect r, char *pin, size_t cap)
{
    static const char *const keys[12] = {
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "\xe2\x8c\xab", "0", "OK"};
    int gap = ui_px(ctx, 8);
    int kw = (r.w - 2 * gap) / 3, kh = (r.h - 3 * gap) / 4;
    bool ok = false;
    for (int i = 0; i < 12; i++) {
        struct ui_rect k = ui_rect(r.x + (i % 3) * (kw + gap), r.y + (i / 3) * (kh + gap), kw, kh);
        enum w_style st = i == 11 ? W_PRIMARY : W_NORMAL;
        /* Pad keys are pointer-only: the PIN field keeps keyboard focus. */
        const struct theme *t = theme_get();
        uint32_t id = ui_id(ctx, "pinpad", i);
        int wi = ui_widget_begin(ctx, UI_W_KEY, id, k, i == 9 ? "Delete" : keys[i], true);
        bool hit = ui_interact(ctx, id, k, false);
        struct ui_color bg = st == W_PRIMARY ? t->primary : t->button;
        if (ctx->active == id && ctx->pointer_down && ui_inside(ctx, k))
            bg = t->panel_hi;
        ui_fill(ctx, k, bg);
        ui_frame(ctx, k, t->border, 1);
        int tw = ui_text_w(ctx, UI_FONT_LARGE, keys[i]);
        ui_text(ctx, k.x + (k.w - tw) / 2, k.y + (k.h - ui_font_h(ctx, UI_FONT_LARGE)) / 2,
                UI_FONT_LARGE, t->button_text, keys[i]);
        ui_widget_end(ctx, wi);
        if (!hit)
            continue;
        if (i == 11)
            ok = true;
        else if (i == 9)
            w_text_backspace(pin);
        else
            w_text_insert(pin, cap, "0123456789", false, keys[i]);
    }
    return ok;
}
