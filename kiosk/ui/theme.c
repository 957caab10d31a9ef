/* The high-contrast theme: near-black background, white text, saturated
 * status colours whose text colour keeps contrast above 7:1. */
#include "ui/theme.h"

static const struct theme theme_dark = {
    .bg = {0x10, 0x14, 0x18, 0xff},
    .panel = {0x1e, 0x24, 0x2b, 0xff},
    .panel_hi = {0x2c, 0x35, 0x3f, 0xff},
    .text = {0xff, 0xff, 0xff, 0xff},
    .text_dim = {0xc8, 0xd0, 0xd8, 0xff},
    .border = {0x8a, 0x96, 0xa3, 0xff},
    .focus = {0xff, 0xd2, 0x00, 0xff},
    .primary = {0x0b, 0x4f, 0xb3, 0xff},
    .primary_text = {0xff, 0xff, 0xff, 0xff},
    .button = {0x3a, 0x45, 0x52, 0xff},
    .button_text = {0xff, 0xff, 0xff, 0xff},
    .disabled = {0x26, 0x2c, 0x33, 0xff},
    .disabled_text = {0x8a, 0x96, 0xa3, 0xff},
    .ok = {0x14, 0x6c, 0x2e, 0xff},
    .ok_text = {0xff, 0xff, 0xff, 0xff},
    .info = {0x0b, 0x4f, 0xb3, 0xff},
    .info_text = {0xff, 0xff, 0xff, 0xff},
    .warn = {0xff, 0xc1, 0x07, 0xff},
    .warn_text = {0x00, 0x00, 0x00, 0xff},
    .bad = {0xb7, 0x1c, 0x1c, 0xff},
    .bad_text = {0xff, 0xff, 0xff, 0xff},
    .field = {0xff, 0xff, 0xff, 0xff},
    .field_text = {0x00, 0x00, 0x00, 0xff},
    .banner = {0x33, 0x1a, 0x00, 0xff},
};

const struct theme *theme_get(void)
{
    return &theme_dark;
}

const char *theme_status_icon(enum theme_status s)
{
    switch (s) {
    case THEME_OK:
        return "\xe2\x9c\x94"; /* U+2714 heavy check mark */
    case THEME_INFO:
        return "\xe2\x97\x8f"; /* U+25CF black circle */
    case THEME_WARN:
        return "\xe2\x9a\xa0"; /* U+26A0 warning sign */
    case THEME_BAD:
        return "\xe2\x9c\x96"; /* U+2716 heavy multiplication x */
    }
    return "?";
}

struct ui_color theme_status_bg(enum theme_status s)
{
    const struct theme *t = &theme_dark;
    switch (s) {
    case THEME_OK:
        return t->ok;
    case THEME_INFO:
        return t->info;
    case THEME_WARN:
        return t->warn;
    case THEME_BAD:
        return t->bad;
    }
    return t->panel;
}

struct ui_color theme_status_fg(enum theme_status s)
{
    const struct theme *t = &theme_dark;
    switch (s) {
    case THEME_OK:
        return t->ok_text;
    case THEME_INFO:
        return t->info_text;
    case THEME_WARN:
        return t->warn_text;
    case THEME_BAD:
        return t->bad_text;
    }
    return t->text;
}

int theme_row_h(const struct ui_ctx *ctx)
{
    int h = ui_px(ctx, 60);
    return h < 48 ? 48 : h;
}

int theme_primary_h(const struct ui_ctx *ctx)
{
    int h = ui_px(ctx, 76);
    return h < 60 ? 60 : h;
}

int theme_pad(const struct ui_ctx *ctx)
{
    return ui_px(ctx, 12);
}

int theme_text_palette(struct ui_color *out, int max)
{
    const struct theme *t = &theme_dark;
    /* The five colours nearly all text is drawn in. */
    const struct ui_color all[] = {t->text, t->text_dim, t->field_text, t->warn, t->focus};
    int n = 0;
    for (int i = 0; i < (int)(sizeof all / sizeof all[0]) && n < max; i++)
        out[n++] = all[i];
    return n;
}
