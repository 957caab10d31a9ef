/* On-screen keyboard widget: letters, digits and the NCIC name characters
 * (space, hyphen, comma). It is an input device like a physical keyboard:
 * a tap on a key becomes the next frame's text or key input (ui_osk_key),
 * which the focused text field applies when it draws, so whatever reads
 * the field after it (search lists, pickers) sees the edit in that frame.
 * Keys never take focus, so the field keeps it while you type. */
#include "ui/widgets.h"

#include <string.h>

static const char *const rows[] = {"1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM,/"};

/* Key height: a 48 px touch target at least, a little lower than other
 * rows so the list being filtered keeps four rows above the keys. */
static int key_h(struct ui_ctx *ctx)
{
    int h = ui_px(ctx, 50);
    return h < 48 ? 48 : h;
}

int w_keyboard_h(struct ui_ctx *ctx)
{
    return 5 * (key_h(ctx) + ui_px(ctx, 4));
}

/* One key: drawn here, hit-tested by the UI core in the next frame's
 * ui_begin, where a tap becomes typed text or a key press. */
static void key(struct ui_ctx *ctx, struct ui_rect r, const char *label, const char *text,
                enum ui_key k, bool live)
{
    const struct theme *t = theme_get();
    int wi = ui_widget_begin(
        ctx, UI_W_KEY, ui_id(ctx, "osk", (int)k * 256 + (unsigned char)text[0]), r, label, live);
    bool down = ui_osk_key(ctx, r, label, text, k, live);
    struct ui_color bg = live ? t->button : t->disabled;
    if (down)
        bg = t->primary;
    ui_fill(ctx, r, bg);
    ui_frame(ctx, r, t->border, 1);
    int tw = ui_text_w(ctx, UI_FONT_BOLD, label);
    ui_text(ctx, r.x + (r.w - tw) / 2, r.y + (r.h - ui_font_h(ctx, UI_FONT_BOLD)) / 2, UI_FONT_BOLD,
            live ? t->button_text : t->disabled_text, label);
    ui_widget_end(ctx, wi);
}

bool w_keyboard(struct ui_ctx *ctx, struct ui_rect r)
{
    bool live = ctx->focus_text != NULL;
    ctx->keyboards_n++;
    int gap = ui_px(ctx, 4);
    int kh = key_h(ctx);
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
            key(ctx, ui_rect(x + i * (kw + gap), y, kw, kh), label, label, UI_KEY_NONE, live);
        }
        if (ri == 3) {
            int bx = x + n * (kw + gap);
            key(ctx, ui_rect(bx, y, r.x + r.w - bx, kh), "\xe2\x8c\xab Delete", "",
                UI_KEY_BACKSPACE, live);
        }
    }
    int y = r.y + 4 * (kh + gap);
    int sw = r.w * 6 / 10;
    key(ctx, ui_rect(r.x, y, sw, kh), "Space", " ", UI_KEY_NONE, live);
    key(ctx, ui_rect(r.x + sw + gap, y, r.w - sw - gap, kh), "Enter \xe2\x86\xb5", "", UI_KEY_ENTER,
        live);
    /* The key typed this frame was applied before any widget drew. */
    return ctx->osk_typed && ctx->in.key == UI_KEY_ENTER;
}
